# Retry each request a few times, with a timeout per attempt and a growing
# pause between attempts, inside a task group.
import asyncio


# call `attempt` until it succeeds; give up after `tries` attempts
async def retry(name, attempt, tries=3, timeout=1.0, backoff=0.2):
    for number in range(1, tries + 1):
        try:
            # each attempt gets its own timeout
            async with asyncio.timeout(timeout):
                result = await attempt(number)
        except (TimeoutError, ConnectionError) as error:
            # a failed attempt is handled here: the group never sees it
            print(f'{name}: attempt {number} failed: {type(error).__name__}')
            if number == tries:
                # out of attempts: now it is a failure of the task
                raise
            # wait longer after each failure: 0.2 s, then 0.4 s
            await asyncio.sleep(backoff * 2 ** (number - 1))
        else:
            print(f'{name}: {result} on attempt {number}')
            return result


# a fake request: each attempt follows the plan, one step per attempt
def server(plan):
    async def attempt(number):
        seconds, outcome = plan[number - 1]
        await asyncio.sleep(seconds)
        if outcome == 'refused':
            raise ConnectionRefusedError()
        return outcome
    return attempt


# three requests that succeed, sooner or later
async def all_succeed():
    async with asyncio.TaskGroup() as group:
        group.create_task(retry('a', server([(0.1, 'ok')])), name='a')
        # the first attempt hangs until its timeout
        group.create_task(retry('b', server([(9, 'ok'), (0.1, 'ok')])), name='b')
        group.create_task(retry('c', server([(0.2, 'refused'), (0.1, 'ok')])), name='c')
    print('all requests succeeded')


# one request fails every attempt: only then does the group fail
async def one_gives_up():
    async def slow(name):
        try:
            await retry(name, server([(9, 'ok'), (9, 'ok'), (9, 'ok')]))
        except asyncio.CancelledError:
            # the group's cancellation is not retried
            print(f'{name}: cancelled, no more attempts')
            raise

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(retry('d', server([(0.25, 'refused')] * 3)), name='d')
            group.create_task(slow('e'), name='e')
    except* ConnectionError as failures:
        print(f'the group failed: {failures.exceptions!r}')


# the entry point of the program
async def main():
    await all_succeed()
    await one_gives_up()


# start the event loop and run main() in it
asyncio.run(main())
