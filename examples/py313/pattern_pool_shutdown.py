# A worker pool on Python 3.13 and later: the producer shuts the queue down when it is done.
import asyncio

CONSUMERS = 3


# puts seven jobs, then shuts the queue down
async def producer(queue):
    for job in range(1, 8):
        await queue.put(job)
    # no more put(); get() raises QueueShutDown once the queue is empty
    queue.shutdown()


# takes jobs until the queue is shut down and empty
async def consumer(queue, results):
    while True:
        try:
            job = await queue.get()
        except asyncio.QueueShutDown:
            # the normal end of the work, not a failure
            return
        # pretend to work on the job
        await asyncio.sleep(0.2)
        results[job] = job * job


# the entry point of the program
async def main():
    queue = asyncio.Queue(maxsize=2)
    results = {}
    async with asyncio.TaskGroup() as group:
        group.create_task(producer(queue))
        for _ in range(CONSUMERS):
            group.create_task(consumer(queue, results))
    print(sorted(results.items()))


# start the event loop and run main() in it
asyncio.run(main())
