# An application-lifetime task group, and a lifespan context manager that starts
# a background task in it.
import asyncio
from contextlib import asynccontextmanager


# a background task: refresh a cache every 0.2 s, for as long as the application runs
async def refresh_cache(cache):
    loop = asyncio.get_running_loop()
    while True:
        cache['refreshes'] += 1
        # due 0.2 s after the previous one was due, however late that one ran
        await asyncio.sleep(cache['started'] + 0.2 * cache['refreshes'] - loop.time())


# startup before the yield, shutdown after it; the group belongs to the caller
@asynccontextmanager
async def lifespan(group):
    cache = {'refreshes': 0, 'started': asyncio.get_running_loop().time()}
    refresher = group.create_task(refresh_cache(cache))
    print('startup: cache refresher started')
    try:
        yield cache
    finally:
        # stop the background task; the group waits for it
        refresher.cancel()
        print('shutdown: cache refresher cancelled')


# stands in for the server: serve requests for half a second
async def serve_requests(cache):
    await asyncio.sleep(0.5)
    print(f'served for 0.5 s; the cache was refreshed {cache["refreshes"]} times')


# the entry point of the program
async def main():
    # the group lives as long as the application
    async with asyncio.TaskGroup() as group:
        async with lifespan(group) as cache:
            await serve_requests(cache)
    print('every background task is done')


# start the event loop and run main() in it
asyncio.run(main())
