# The trap: a lifespan that yields inside its own task group. When a background
# task fails, the cancellation lands in the caller's code.
import asyncio
from contextlib import asynccontextmanager


# a background task that fails after 0.2 s
async def refresh_cache():
    await asyncio.sleep(0.2)
    raise ConnectionError('cache server went away')


# do not do this: the yield suspends the generator inside the task group
@asynccontextmanager
async def lifespan():
    async with asyncio.TaskGroup() as group:
        group.create_task(refresh_cache())
        yield


# the caller's code: it runs while the generator is suspended at the yield
async def serve_requests():
    try:
        await asyncio.sleep(1)
        print('served for 1 s')
    except asyncio.CancelledError:
        print('serve_requests() was cancelled by a task group it never opened')
        raise


# the entry point of the program
async def main():
    try:
        async with lifespan():
            await serve_requests()
    except* ConnectionError as errors:
        print('leaving lifespan() raised:', repr(errors))


# start the event loop and run main() in it
asyncio.run(main())
