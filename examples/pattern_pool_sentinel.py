# A worker pool on any Python from 3.11: one producer and three consumers in one group,
# stopped by one end marker per consumer.
import asyncio

CONSUMERS = 3
# the end marker: an object no job can be
DONE = object()


# puts seven jobs, then one end marker for each consumer
async def producer(queue):
    for job in range(1, 8):
        # put() waits while the queue is full, so the producer never runs far ahead
        await queue.put(job)
    for _ in range(CONSUMERS):
        await queue.put(DONE)


# takes jobs until it takes an end marker
async def consumer(queue, results):
    while True:
        job = await queue.get()
        if job is DONE:
            return
        # pretend to work on the job
        await asyncio.sleep(0.2)
        results[job] = job * job


# the entry point of the program
async def main():
    # a small queue: the producer waits for the consumers
    queue = asyncio.Queue(maxsize=2)
    results = {}
    async with asyncio.TaskGroup() as group:
        group.create_task(producer(queue))
        for _ in range(CONSUMERS):
            group.create_task(consumer(queue, results))
    # the consumers finished in any order; sort by job
    print(sorted(results.items()))


# start the event loop and run main() in it
asyncio.run(main())
