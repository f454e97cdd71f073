# Pass arguments to tasks in an asyncio.TaskGroup and collect their return values.
import asyncio


# a task that takes an argument and returns a value
async def task(value):
    # pretend to wait for I/O for one second
    await asyncio.sleep(1)
    # hand back the argument multiplied by one hundred
    return value * 100


# the entry point of the program
async def main():
    # open a task group
    async with asyncio.TaskGroup() as group:
        # schedule nine tasks, for the values 1 to 9, and keep the Task objects
        tasks = [group.create_task(task(n)) for n in range(1, 10)]
    # every task is finished here, so each one has a result
    for t in tasks:
        # report the value this task returned
        print(t.result())


# start the event loop and run main() in it
asyncio.run(main())
