# Fetch nine URLs, at most three at a time: three workers share the list.
import asyncio

# how many workers, so how many fetches at once
WORKERS = 3


# one download
async def fetch(url):
    # pretend to download the page
    await asyncio.sleep(0.2)
    return f'page {url[-1]}'


# a worker takes the next URL until there are none left
async def worker(jobs, results):
    # next() on a shared iterator never waits, so no two workers get the same URL
    for index, url in jobs:
        results[index] = await fetch(url)


# the entry point of the program
async def main():
    urls = [f'https://example.com/{n}' for n in range(1, 10)]
    # one slot per URL, filled in by whichever worker fetched it
    results = [None] * len(urls)
    jobs = iter(enumerate(urls))
    async with asyncio.TaskGroup() as group:
        for _ in range(WORKERS):
            group.create_task(worker(jobs, results))
    print(results)
    print(f'{len(urls)} URLs, {WORKERS} tasks')


# start the event loop and run main() in it
asyncio.run(main())
