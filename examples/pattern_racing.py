# Race several downloads: the first result wins, the others are cancelled.
import asyncio


# run the coroutines at once; return the first result and cancel the rest
async def race(coros):
    winner = []
    tasks = []

    async def contender(coro):
        result = await coro
        # only the first result counts
        if not winner:
            winner.append(result)
            # cancel everyone else, in the order they started
            for task in tasks:
                if task is not asyncio.current_task():
                    task.cancel()

    async with asyncio.TaskGroup() as group:
        for name, coro in coros.items():
            tasks.append(group.create_task(contender(coro), name=name))
    # every contender has finished or been cancelled here
    return winner[0]


# one download, which takes its time
async def download(mirror, seconds):
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f'{mirror}: cancelled')
        raise
    print(f'{mirror}: finished first')
    return f'file from {mirror}'


# the entry point of the program
async def main():
    result = await race({
        'mirror-a': download('mirror-a', 0.6),
        'mirror-b': download('mirror-b', 0.2),
        'mirror-c': download('mirror-c', 0.4),
    })
    print(f'winner: {result}')


# start the event loop and run main() in it
asyncio.run(main())
