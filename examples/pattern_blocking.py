# Blocking code in a task group: a thread is not cancelled with its task,
# and how to make it stop when the group stops.
import asyncio
import threading
import time


# blocking code that cannot be interrupted: it waits until it is let go
def blocking_call(started, release, finished):
    started()
    release.wait()
    print('thread: finished, long after its task was cancelled')
    finished.set()


# a task of the group that fails once the thread has started
async def fail_when(event):
    await event.wait()
    raise ValueError('something else went wrong')


# 1. asyncio.to_thread() in a group: the group cannot stop the thread
async def thread_outlives_group():
    loop = asyncio.get_running_loop()
    started = asyncio.Event()
    release, finished = threading.Event(), threading.Event()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(asyncio.to_thread(
                blocking_call, lambda: loop.call_soon_threadsafe(started.set),
                release, finished))
            group.create_task(fail_when(started))
    except* ValueError:
        print('main: the group has ended, its to_thread() task was cancelled')
    print(f'main: is the thread finished? {finished.is_set()}')
    # let the thread go, and wait for it without blocking the event loop
    release.set()
    await asyncio.to_thread(finished.wait)


# blocking code that looks at a stop flag between two pieces of work
def cooperative_call(stop, started, chunks):
    started()
    for _ in range(chunks):
        if stop.is_set():
            print('thread: asked to stop, stopping early')
            return
        # one piece of work, a twentieth of a second long
        time.sleep(0.05)
    print('thread: did all the work')


# run fn(stop, ...) in a thread; if cancelled, ask it to stop and wait for it
async def run_stoppable(fn, *args):
    stop = threading.Event()
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, fn, stop, *args)
    try:
        # shield: a cancellation must not detach us from the running thread
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        stop.set()
        # the group waits for this task, so it waits for the thread too
        await future
        raise


# 2. a stop flag: the thread ends before the group does
async def thread_stops_with_group():
    loop = asyncio.get_running_loop()
    started = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as group:
            # 100 pieces of 0.05 s: five seconds of work if nothing stops it
            group.create_task(run_stoppable(
                cooperative_call, lambda: loop.call_soon_threadsafe(started.set), 100))
            group.create_task(fail_when(started))
    except* ValueError:
        print('main: the group has ended, and so has its thread')


# the entry point of the program
async def main():
    await thread_outlives_group()
    await thread_stops_with_group()


# start the event loop and run main() in it
asyncio.run(main())
