# A timeout around a whole task group: when it expires, every task is cancelled.
import asyncio


# a piece of work that reports whether it finished or was cancelled
async def job(name, delay):
    try:
        # pretend to wait for I/O
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f'{name}: cancelled')
        # let the cancellation go on: never swallow it
        raise
    print(f'{name}: done')
    return name


# the entry point of the program
async def main():
    try:
        # at most 0.3 seconds for the whole group
        async with asyncio.timeout(0.3):
            async with asyncio.TaskGroup() as group:
                # one job finishes in time, the other cannot
                quick = group.create_task(job('quick', 0.1), name='quick')
                group.create_task(job('slow', 1), name='slow')
    except TimeoutError:
        print('main: TimeoutError, not an exception group')
    # a task that finished in time keeps its result
    print(f'main: quick result {quick.result()!r}')


asyncio.run(main())
