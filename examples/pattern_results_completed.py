# Results as they complete, and afterwards in the order of the arguments.
import asyncio


# a download that takes as long as we say
async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f'{name} after {delay} s'


# the entry point of the program
async def main():
    jobs = [('a', 0.6), ('b', 0.2), ('c', 0.4)]
    async with asyncio.TaskGroup() as group:
        # keep the tasks: the group does not hand its own set out
        tasks = [group.create_task(fetch(name, delay)) for name, delay in jobs]
        # as_completed() yields one awaitable per task, earliest first
        for next_done in asyncio.as_completed(tasks):
            print('done:', await next_done)
    # after the block every task is done; the list is in argument order
    print('in order:', [task.result() for task in tasks])


# start the event loop and run main() in it
asyncio.run(main())
