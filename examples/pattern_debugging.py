# Find out which task did what: task names, a note on each failure, the
# tasks still running, and asyncio's debug mode reporting a blocked loop.
import asyncio
import logging
import re
import time
import traceback


# a request to a host; b.example is down
async def fetch(host):
    await asyncio.sleep(0.1)
    if host == 'b.example':
        raise ConnectionError(f'{host} is down')
    await asyncio.sleep(0.5)


# a done callback: write the task's name on the exception it raised
def note_task_name(task):
    if not task.cancelled() and task.exception() is not None:
        task.exception().add_note(f'raised by task {task.get_name()!r}')


# a group of named tasks, one of which fails
async def fetch_all():
    try:
        async with asyncio.TaskGroup() as group:
            for host in ['a.example', 'b.example', 'c.example']:
                # name each task after its work
                task = group.create_task(fetch(host), name=f'fetch {host}')
                task.add_done_callback(note_task_name)
            # let the tasks start, then list the ones that are running
            await asyncio.sleep(0)
            running = [task.get_name() for task in asyncio.all_tasks()]
            print('running:', sorted(name for name in running if name.startswith('fetch')))
            # a group's repr says how many tasks it holds, and its state
            print('group:', group)
    except* ConnectionError as errors:
        for error in errors.exceptions:
            # the exception's last line, and its notes, as a traceback ends
            print(''.join(traceback.format_exception_only(error)), end='')


# a task that calls blocking code: the whole event loop stops while it runs
async def checksum():
    time.sleep(1.5)


# a logging handler for the asyncio logger, which debug mode writes to
class SlowStepReport(logging.Handler):
    def emit(self, record):
        # "Executing <Task ... name='checksum' ...> took 1.501 seconds"
        message = record.getMessage()
        found = re.match(r"Executing <Task .*?name='([^']*)'", message)
        if found:
            print(f'debug mode: task {found[1]!r} held the loop over 1 s')


# the entry point of the program
async def main():
    await fetch_all()
    # in debug mode, a step of a task that takes longer than this is logged
    asyncio.get_running_loop().slow_callback_duration = 1.0
    async with asyncio.TaskGroup() as group:
        group.create_task(checksum(), name='checksum')


# show what the asyncio logger reports, only while this program runs
report = SlowStepReport()
logging.getLogger('asyncio').addHandler(report)
try:
    # debug=True turns on asyncio's debug mode for this event loop
    asyncio.run(main(), debug=True)
finally:
    logging.getLogger('asyncio').removeHandler(report)
