# When one task in an asyncio.TaskGroup fails, the group cancels the others.
import asyncio


# the first piece of work
async def task1():
    # say hello
    print('Hello from coroutine 1')
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)


# the second piece of work, which goes wrong
async def task2():
    # say hello
    print('Hello from coroutine 2')
    # pretend to wait for I/O, but only for half a second
    await asyncio.sleep(0.5)
    # raise an error that nothing in this coroutine catches
    raise Exception('Something bad happened')


# the third piece of work
async def task3():
    # say hello
    print('Hello from coroutine 3')
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)


# the entry point of the program
async def main():
    # the group reports failures as an ExceptionGroup, so catch them with except*
    try:
        # open a task group
        async with asyncio.TaskGroup() as group:
            # schedule each coroutine as a task and keep the Task objects
            t1 = group.create_task(task1())
            t2 = group.create_task(task2())
            t3 = group.create_task(task3())
    except* Exception as failures:
        # show the group that was raised and the exception it carries
        print(f'Caught {type(failures).__name__}: {failures}')
        for error in failures.exceptions:
            print(f'Inner exception: {error!r}')
    # every task is done now: report how each one ended
    print(f'Task1: done={t1.done()}, cancelled={t1.cancelled()}')
    print(f'Task2: done={t2.done()}, cancelled={t2.cancelled()}')
    print(f'Task3: done={t3.done()}, cancelled={t3.cancelled()}')


# start the event loop and run main() in it
asyncio.run(main())
