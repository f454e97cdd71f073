# A staggered race, as in "happy eyeballs": start one attempt, and start the
# next one after a delay, or at once if the last attempt failed. The first
# attempt to succeed wins; the others are cancelled.
import asyncio
import contextlib


# try the attempts in order, starting a new one every `delay` seconds
async def staggered_race(attempts, delay):
    winner = []
    errors = []
    tasks = []
    # set when an attempt fails or wins: the body need not wait any longer
    news = asyncio.Event()

    async def run(attempt):
        try:
            result = await attempt()
        except Exception as error:
            # a failed attempt is not a failure of the race
            errors.append(error)
            news.set()
            return
        if not winner:
            winner.append(result)
            for task in tasks:
                if task is not asyncio.current_task():
                    task.cancel()
            news.set()

    async with asyncio.TaskGroup() as group:
        for attempt in attempts:
            news.clear()
            tasks.append(group.create_task(run(attempt), name=attempt.__name__))
            # wait for the delay, or for news from a running attempt
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await news.wait()
            if winner:
                break
    if not winner:
        raise ExceptionGroup('every attempt failed', errors)
    return winner[0]


# three ways to reach the same service
async def server_a():
    print('server_a: connecting (slow)')
    try:
        await asyncio.sleep(1.0)
    except asyncio.CancelledError:
        print('server_a: cancelled')
        raise
    return 'server_a'


async def server_b():
    print('server_b: connecting')
    await asyncio.sleep(0.1)
    print('server_b: refused')
    raise ConnectionRefusedError('server_b')


async def server_c():
    print('server_c: connecting')
    await asyncio.sleep(0.2)
    print('server_c: connected')
    return 'server_c'


# the entry point of the program
async def main():
    winner = await staggered_race([server_a, server_b, server_c], delay=0.3)
    print(f'connected to {winner}')


# start the event loop and run main() in it
asyncio.run(main())
