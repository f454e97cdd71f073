# Fetch nine URLs, at most three at a time: a Semaphore inside the coroutine.
import asyncio

# how many fetches may run at once
LIMIT = 3

# how many fetches are running now, and the most there ever were
running = 0
most = 0


# one fetch, allowed to start only when the semaphore lets it in
async def fetch(url, semaphore):
    global running, most
    # wait here until fewer than LIMIT fetches are running
    async with semaphore:
        running += 1
        most = max(most, running)
        # pretend to download the page
        await asyncio.sleep(0.2)
        running -= 1
    return f'page {url[-1]}'


# the entry point of the program
async def main():
    urls = [f'https://example.com/{n}' for n in range(1, 10)]
    semaphore = asyncio.Semaphore(LIMIT)
    async with asyncio.TaskGroup() as group:
        # one task per URL, all created at once
        tasks = [group.create_task(fetch(url, semaphore)) for url in urls]
    # the list keeps the order of the URLs
    print([task.result() for task in tasks])
    print(f'{len(tasks)} tasks, at most {most} fetching at once')


# start the event loop and run main() in it
asyncio.run(main())
