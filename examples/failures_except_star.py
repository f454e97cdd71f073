# Handle the failures of a task group by type, with except*.
import asyncio


# a piece of work that fails with the exception it is given
async def fail(error):
    # let the other tasks start first
    await asyncio.sleep(0)
    # fail with an exception that nothing in this coroutine catches
    raise error


# run a group in which four tasks fail with three types of exception
async def run_group():
    # each except* clause handles its own part of the exception group
    try:
        # open a task group
        async with asyncio.TaskGroup() as group:
            # start tasks that fail in different ways
            group.create_task(fail(ValueError('bad value')))
            group.create_task(fail(ValueError('another bad value')))
            group.create_task(fail(KeyError('missing')))
            group.create_task(fail(TypeError('wrong type')))
    except* ValueError as errors:
        # this clause gets a group that holds only the ValueErrors
        print(f'ValueError handler: {errors.exceptions!r}')
    except* KeyError as errors:
        # and this one a group with only the KeyError
        print(f'KeyError handler: {errors.exceptions!r}')
    # the TypeError matched no clause: it goes on, in a group of its own
    print('this line never runs')


# the entry point of the program
async def main():
    # catch what run_group() did not handle
    try:
        await run_group()
    except* TypeError as rest:
        # the rest is still an exception group, with the same message
        print(f'main caught: {rest!r}')


# start the event loop and run main() in it
asyncio.run(main())
