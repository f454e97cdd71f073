# What is left when the group fails part-way: results, errors, cancellations.
import asyncio


# a download that takes as long as we say
async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name.upper()


# a download that fails after a while
async def broken(name, delay):
    await asyncio.sleep(delay)
    raise ValueError(f'{name}: bad response')


# how one task ended, from the task itself
def outcome(task):
    if task.cancelled():
        return 'cancelled'
    if task.exception() is not None:
        return f'failed: {task.exception()!r}'
    return f'result {task.result()!r}'


# the entry point of the program
async def main():
    tasks = {}
    try:
        async with asyncio.TaskGroup() as group:
            # the names show in reprs, tracebacks and the timeline below
            tasks['a'] = group.create_task(fetch('a', 0.2), name='a')
            tasks['b'] = group.create_task(broken('b', 0.4), name='b')
            tasks['c'] = group.create_task(fetch('c', 1.0), name='c')
            tasks['d'] = group.create_task(fetch('d', 0.1), name='d')
    except* ValueError as errors:
        print('the group raised:', repr(errors))
    # every task is done now, in one of three ways
    for name, task in tasks.items():
        print(f'{name}: {outcome(task)}')


# start the event loop and run main() in it
asyncio.run(main())
