# A task group inside an async generator: what goes wrong around `yield`,
# and two ways out.
import asyncio
import contextlib


# a helper task that runs as long as its group
async def heartbeat():
    await asyncio.Event().wait()


# a helper task that fails soon after it starts
async def fail_soon():
    await asyncio.sleep(0.1)
    raise ValueError('a helper failed')


# 1. an async generator that yields inside a task group
async def numbers(helper):
    async with asyncio.TaskGroup() as group:
        group.create_task(helper())
        for number in range(3):
            yield number


# stop after the first item, and close the generator
async def take_one():
    items = numbers(heartbeat)
    print(f'take_one: got {await anext(items)}')
    try:
        # aclose() raises GeneratorExit at the `yield`, inside the group
        await items.aclose()
        print('take_one: closed')
    except BaseExceptionGroup as error:
        print(f'take_one: aclose() raised {error!r}')


# 2. a helper fails while the generator waits at `yield`
async def consume_slowly():
    async with contextlib.aclosing(numbers(fail_soon)) as items:
        async for number in items:
            print(f'consume_slowly: got {number}')
            try:
                # the consumer's own work, in the consumer's own code
                await asyncio.sleep(0.5)
            except asyncio.CancelledError:
                print('consume_slowly: cancelled by a group it never opened')
                raise


# way out 1: a TaskGroup that lets a lone GeneratorExit through, as 3.15 does
class GeneratorTaskGroup(asyncio.TaskGroup):
    async def __aexit__(self, et, exc, tb):
        try:
            return await super().__aexit__(et, exc, tb)
        except BaseExceptionGroup as error:
            if isinstance(exc, GeneratorExit) and list(error.exceptions) == [exc]:
                # nothing else failed: let the GeneratorExit go on
                return False
            raise


async def numbers_fixed():
    async with GeneratorTaskGroup() as group:
        group.create_task(heartbeat())
        for number in range(3):
            yield number


# way out 2: no group across a `yield` to the consumer; the consumer's
# `async with` holds the group, and the items come through a queue
@contextlib.asynccontextmanager
async def open_numbers(helper):
    queue = asyncio.Queue()

    async def produce():
        for number in range(3):
            await queue.put(number)

    async def items():
        while True:
            yield await queue.get()

    async with asyncio.TaskGroup() as group:
        helpers = [group.create_task(helper()), group.create_task(produce())]
        yield items()
        # the consumer is done: stop the helpers it no longer needs
        for task in helpers:
            task.cancel()


# the entry point of the program
async def main():
    print('--- 1. aclose() of a generator that yields inside a group')
    await take_one()

    print('--- 2. a helper fails while the generator waits at yield')
    task = asyncio.create_task(consume_slowly())
    try:
        await task
    except BaseExceptionGroup as error:
        print(f'main: the consumer ended with {error!r}')

    print('--- way out 1: GeneratorTaskGroup')
    items = numbers_fixed()
    print(f'numbers_fixed: got {await anext(items)}')
    await items.aclose()
    print('numbers_fixed: closed')

    print('--- way out 2: the consumer holds the group')
    async with open_numbers(heartbeat) as items:
        async for number in items:
            print(f'open_numbers: got {number}')
            break
    print('open_numbers: closed')
    try:
        async with open_numbers(fail_soon) as items:
            async for number in items:
                print(f'open_numbers: got {number}')
                await asyncio.sleep(0.5)
    except* ValueError as errors:
        print(f'open_numbers: the helper failed: {errors.exceptions!r}')


# start the event loop and run main() in it
asyncio.run(main())
