# Run three tasks in an asyncio.TaskGroup and wait for all of them to finish.
import asyncio


# the first piece of work
async def task1():
    # say hello
    print('Hello from coroutine 1')
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)


# the second piece of work
async def task2():
    # say hello
    print('Hello from coroutine 2')
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)


# the third piece of work
async def task3():
    # say hello
    print('Hello from coroutine 3')
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)


# the entry point of the program
async def main():
    # open a task group
    async with asyncio.TaskGroup() as group:
        # schedule each coroutine as a task in the group
        group.create_task(task1())
        group.create_task(task2())
        group.create_task(task3())
    # leaving the block waited for every task, so all three are finished here
    print('Done')


# start the event loop and run main() in it
asyncio.run(main())
