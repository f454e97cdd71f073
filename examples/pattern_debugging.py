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
    time.sleep(2)


# a logging handler for the asyncio logger, which debug mode writes to
class SlowSteps(logging.Handler):
    def __init__(self):
        super().__init__()
        # (seconds, task name) of each step that debug mode reports
        self.steps = []

    def emit(self, record):
        # "Executing <Task ... name='checksum' ...> took 2.001 seconds"
        found = re.match(r"Executing <Task .*?name='([^']*)'.* took ([0-9.]+) seconds",
                         record.getMessage())
        if found:
            self.steps.append((float(found[2]), found[1]))


# the entry point of the program
async def main():
    # in debug mode, a step of a task that takes longer than this is logged
    asyncio.get_running_loop().slow_callback_duration = 1.0
    await fetch_all()
    async with asyncio.TaskGroup() as group:
        group.create_task(checksum(), name='checksum')


# collect what the asyncio logger reports, only while this program runs
report = SlowSteps()
logging.getLogger('asyncio').addHandler(report)
try:
    # debug=True turns on asyncio's debug mode for this event loop
    asyncio.run(main(), debug=True)
finally:
    logging.getLogger('asyncio').removeHandler(report)
# the slowest step and its task; the seconds depend on the machine
seconds, name = max(report.steps)
print(f'debug mode: the slowest step, over 1 s, was in task {name!r}')
