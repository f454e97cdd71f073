# Python 3.13 and later: a consumer that does not catch QueueShutDown fails,
# and the group cancels the other consumer in the middle of its job.
import asyncio


# puts a short job and a long one, then shuts the queue down
async def producer(queue):
    await queue.put(('short', 0.2))
    await queue.put(('long', 1.0))
    queue.shutdown()


# no try around get(): at the end, QueueShutDown escapes from the task
async def consumer(name, queue):
    while True:
        job, seconds = await queue.get()
        print(f'{name} works on the {job} job')
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            print(f'{name} was cancelled in the {job} job')
            raise
        print(f'{name} finished the {job} job')


# the entry point of the program
async def main():
    queue = asyncio.Queue()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(producer(queue))
            group.create_task(consumer('consumer 1', queue))
            group.create_task(consumer('consumer 2', queue))
    except* asyncio.QueueShutDown as errors:
        print('the group raised:', repr(errors))


# start the event loop and run main() in it
asyncio.run(main())
