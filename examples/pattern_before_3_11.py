# One program for Python 3.8 and later: asyncio's TaskGroup where Python has
# one, the taskgroup backport from PyPI before 3.11.
import asyncio
import sys

if sys.version_info >= (3, 11):
    from asyncio import TaskGroup, run
else:
    # pip install taskgroup: it brings the exceptiongroup backport with it
    from exceptiongroup import ExceptionGroup
    from taskgroup import TaskGroup, run


# a piece of work that fails for one number
async def square(number):
    await asyncio.sleep(0.1)
    if number == 3:
        raise ValueError(f'{number} is unlucky')
    return number * number


# the entry point of the program
async def main():
    # the same async with block on every version
    async with TaskGroup() as group:
        tasks = [group.create_task(square(number)) for number in (1, 2)]
    print('results:', [task.result() for task in tasks])

    # except* is new syntax: before 3.11 a file that uses it does not even
    # compile, so catch the whole group and split it
    try:
        async with TaskGroup() as group:
            for number in (1, 3, 4):
                group.create_task(square(number))
    except ExceptionGroup as errors:
        values, rest = errors.split(ValueError)
        print('ValueErrors:', values.exceptions)
        # pass on whatever the program does not handle
        if rest is not None:
            raise rest


# the backport's run() sets up what its TaskGroup needs; from 3.11 on it is asyncio.run
run(main())
