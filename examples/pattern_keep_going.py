# Keep going when one task fails: each failure comes back as a value.
import asyncio


# a download that takes as long as we say, and may fail at the end
async def fetch(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(f'{name}: connection reset')
    return name.upper()


# await a coroutine and return its exception instead of raising it
async def settled(coro):
    try:
        return await coro
    except Exception as exc:
        # CancelledError, KeyboardInterrupt and SystemExit are not Exceptions:
        # they still go through, so the group can still be cancelled
        return exc


# the entry point of the program
async def main():
    jobs = {'a': (0.4, False), 'b': (0.2, True), 'c': (0.6, False)}
    async with asyncio.TaskGroup() as group:
        tasks = {name: group.create_task(settled(fetch(name, delay, fail)), name=name)
                 for name, (delay, fail) in jobs.items()}
    # no task failed as far as the group knows, so nothing was cancelled
    results = {name: task.result() for name, task in tasks.items()}
    for name, result in results.items():
        print(f'{name}: {result!r}')
    failures = [r for r in results.values() if isinstance(r, Exception)]
    print(f'{len(failures)} of {len(results)} failed, the others ran to the end')


# start the event loop and run main() in it
asyncio.run(main())
