# 10 000 jobs, 20 at a time: what creating every task up front costs, and a bounded producer.
import asyncio
import tracemalloc

JOBS = 10_000
LIMIT = 20


# a job that gives the event loop one turn, as a tiny download would
async def job(n):
    await asyncio.sleep(0)
    return n


# a Semaphore inside the coroutine: only LIMIT jobs run at once
async def limited_job(n, semaphore):
    async with semaphore:
        return await job(n)


# every task created at once; most of them wait on the semaphore
async def up_front():
    semaphore = asyncio.Semaphore(LIMIT)
    async with asyncio.TaskGroup() as group:
        for n in range(JOBS):
            group.create_task(limited_job(n, semaphore))
        # every task exists now, main() included
        return len(asyncio.all_tasks())


# a task is created only when one of the LIMIT places is free
async def bounded_producer():
    semaphore = asyncio.Semaphore(LIMIT)
    most = 0
    async with asyncio.TaskGroup() as group:
        for n in range(JOBS):
            # wait for a free place before creating the next task
            await semaphore.acquire()
            task = group.create_task(job(n))
            # the place is given back when the task is done, however it ends
            task.add_done_callback(lambda _: semaphore.release())
            most = max(most, len(asyncio.all_tasks()))
    return most


# run one strategy and return the most tasks alive and the peak of traced memory
def measure(strategy):
    tracemalloc.start()
    try:
        tasks = asyncio.run(strategy())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return tasks, peak


tasks, peak = measure(up_front)
print(f'up front: {tasks} tasks alive at once')
# the exact figure depends on the Python version; the page gives them
print(f'  over 1 KB per task: {peak / JOBS > 1000}')
bounded_tasks, bounded_peak = measure(bounded_producer)
print(f'bounded producer: {bounded_tasks} tasks alive at once')
print(f'  under 1 % of that peak: {bounded_peak < peak / 100}')
