# Results as they complete, through a queue: each task hands its result over.
import asyncio


# a download that puts its result into the queue instead of returning it
async def fetch(name, delay, results):
    await asyncio.sleep(delay)
    await results.put((name, f'{name} after {delay} s'))


# the entry point of the program
async def main():
    jobs = [('a', 0.6), ('b', 0.2), ('c', 0.4)]
    results = asyncio.Queue()
    async with asyncio.TaskGroup() as group:
        for name, delay in jobs:
            group.create_task(fetch(name, delay, results))
        # one get() per job: the body knows how many results will come
        for _ in jobs:
            name, value = await results.get()
            print('done:', value)


# start the event loop and run main() in it
asyncio.run(main())
