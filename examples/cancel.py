# Cancel one task by hand: the rest of the asyncio.TaskGroup carries on.
import asyncio


# the first piece of work
async def task1():
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)
    # say hello once the wait is over
    print('Hello from coroutine 1')


# the second piece of work
async def task2():
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)
    # say hello once the wait is over
    print('Hello from coroutine 2')


# the third piece of work
async def task3():
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)
    # say hello once the wait is over
    print('Hello from coroutine 3')


# the entry point of the program
async def main():
    # open a task group
    async with asyncio.TaskGroup() as group:
        # schedule each coroutine as a task and keep the Task objects
        t1 = group.create_task(task1())
        t2 = group.create_task(task2())
        t3 = group.create_task(task3())
        # give the tasks half a second to get going
        await asyncio.sleep(0.5)
        # ask the second task to stop
        t2.cancel()
    # every task is done now: report how each one ended
    print(f'Task1: done={t1.done()}, cancelled={t1.cancelled()}')
    print(f'Task2: done={t2.done()}, cancelled={t2.cancelled()}')
    print(f'Task3: done={t3.done()}, cancelled={t3.cancelled()}')


# start the event loop and run main() in it
asyncio.run(main())
