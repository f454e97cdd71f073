# What gather(return_exceptions=True) gives: every outcome as a value, in order.
import asyncio


# a download that takes as long as we say, and may fail at the end
async def fetch(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(f'{name}: connection reset')
    return name.upper()


# the entry point of the program
async def main():
    tasks = [
        asyncio.create_task(fetch('a', 0.4), name='a'),
        asyncio.create_task(fetch('b', 0.2, fail=True), name='b'),
        asyncio.create_task(fetch('c', 0.6), name='c'),
    ]
    # something else cancels c at 0.3 s, as a shutdown or a timeout would
    asyncio.get_running_loop().call_later(0.3, tasks[2].cancel)
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for task, result in zip(tasks, results):
        print(f'{task.get_name()}: {result!r}')


# start the event loop and run main() in it
asyncio.run(main())
