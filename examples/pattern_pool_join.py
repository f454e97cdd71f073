# A worker pool on any Python from 3.11: wait for queue.join(), then cancel the workers.
import asyncio

WORKERS = 3


# takes jobs forever; the body of the group cancels it when the work is done
async def worker(queue, results):
    while True:
        job = await queue.get()
        try:
            # pretend to work on the job
            await asyncio.sleep(0.2)
            results[job] = job * job
        finally:
            # count the job as done even if the work failed
            queue.task_done()


# the entry point of the program
async def main():
    queue = asyncio.Queue()
    results = {}
    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(worker(queue, results)) for _ in range(WORKERS)]
        for job in range(1, 8):
            queue.put_nowait(job)
        # returns when task_done() was called once for every job put
        await queue.join()
        # the workers wait in get() now; a cancelled task is no failure for the group
        for task in workers:
            task.cancel()
    print(sorted(results.items()))
    print('workers cancelled:', all(task.cancelled() for task in workers))


# start the event loop and run main() in it
asyncio.run(main())
