# Stop a task group cleanly on Ctrl+C (SIGINT) and on SIGTERM.
#
# Run as it is, the program stops itself twice, once with each signal, at
# a fixed point. Run with --serve, it waits for a real Ctrl+C or `kill`.
import asyncio
import os
import signal
import sys


# a long-running piece of work, such as a connection to a database
async def worker(name, ready, closed):
    print(f'{name}: running')
    ready.release()
    try:
        # wait for work that never comes, until the worker is cancelled
        await asyncio.Event().wait()
    finally:
        # cleanup belongs here: it runs on Ctrl+C, on SIGTERM and on errors
        closed.append(name)


# the entry point of the program
async def main(signum):
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()
    terminated = []

    def on_sigterm():
        # do what asyncio.run() does on Ctrl+C: cancel the main task
        terminated.append(True)
        main_task.cancel()

    loop.add_signal_handler(signal.SIGTERM, on_sigterm)
    ready = asyncio.Semaphore(0)
    closed = []
    try:
        async with asyncio.TaskGroup() as group:
            for name in ('database', 'web'):
                group.create_task(worker(name, ready, closed))
            # wait until both workers are running
            for _ in range(2):
                await ready.acquire()
            if signum is None:
                print('main: ready', flush=True)
            else:
                # what pressing Ctrl+C or running `kill` would do, at a fixed point
                os.kill(os.getpid(), signum)
    except KeyboardInterrupt:
        # never runs on Ctrl+C: asyncio.run() cancels main() instead
        print('main: KeyboardInterrupt')
    except asyncio.CancelledError:
        print('main: the group was cancelled')
        if not terminated:
            # Ctrl+C: let the cancellation go on, asyncio.run() needs it
            raise
        # SIGTERM: take back our own cancellation and end normally
        main_task.uncancel()
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        print(f'main: closed {", ".join(sorted(closed))}')
    return 'stopped by SIGTERM' if terminated else 'done'


# run main() once and say how asyncio.run() ended
def run(signum=None):
    try:
        result = asyncio.run(main(signum))
    except KeyboardInterrupt:
        print('asyncio.run() raised KeyboardInterrupt')
        return 130
    print(f'asyncio.run() returned {result!r}')
    return 0


# a shell starts a background job with Ctrl+C ignored: give SIGINT back
# Python's default handler, which asyncio.run() replaces with its own
signal.signal(signal.SIGINT, signal.default_int_handler)
if sys.argv[1:] == ['--serve']:
    # wait for a signal from outside, and exit with the usual status
    sys.exit(run())
# stop with each signal in turn
for signum in (signal.SIGINT, signal.SIGTERM):
    print(f'--- {signal.Signals(signum).name}')
    run(signum)
