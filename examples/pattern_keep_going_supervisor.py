# A small supervisor: retry a failing job a few times, then report the failure as a value.
import asyncio

# attempts per job, and the pause before each new attempt
ATTEMPTS = 3
PAUSE = 0.2


# fails twice, then works: a server that needed time to come up
async def flaky(attempt):
    await asyncio.sleep(0.3)
    if attempt < 3:
        raise ConnectionError('connection refused')
    return 'flaky: data'


# fails every time
async def broken(attempt):
    await asyncio.sleep(0.1)
    raise ValueError(f'bad response #{attempt}')


# run job(attempt) until it works or the attempts run out
async def supervise(job, log):
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await job(attempt)
        except Exception as exc:
            log.append(f'attempt {attempt}: {exc!r}')
            if attempt == ATTEMPTS:
                # give up: the failure is this job's result
                return exc
            await asyncio.sleep(PAUSE)


# the entry point of the program
async def main():
    logs = {'flaky': [], 'broken': []}
    async with asyncio.TaskGroup() as group:
        flaky_task = group.create_task(supervise(flaky, logs['flaky']), name='flaky')
        broken_task = group.create_task(supervise(broken, logs['broken']), name='broken')
    for task in (flaky_task, broken_task):
        name = task.get_name()
        print(f'{name}: {task.result()!r}')
        for line in logs[name]:
            print('   ', line)


# start the event loop and run main() in it
asyncio.run(main())
