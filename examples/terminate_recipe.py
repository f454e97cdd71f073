# End a task group early by adding a task that raises an exception of our own.
import asyncio


# the exception that stops the group: nothing else in the program raises it
class TerminateTaskGroup(Exception):
    """Raised to end a task group early."""


# a task whose only job is to stop the group
async def force_terminate_task_group():
    raise TerminateTaskGroup()


# a piece of work that takes a while
async def job(task_id, sleep_time):
    print(f'Task {task_id}: start')
    # pretend to wait for I/O
    await asyncio.sleep(sleep_time)
    print(f'Task {task_id}: done')


# the entry point of the program
async def main():
    # the group raises our exception in an exception group: catch it there
    try:
        # open a task group
        async with asyncio.TaskGroup() as group:
            # start a short job and a long one
            group.create_task(job(1, 0.1))
            group.create_task(job(2, 0.5))
            # let them run for a moment
            await asyncio.sleep(0.2)
            # stop the group: the long job is cancelled
            group.create_task(force_terminate_task_group())
    except* TerminateTaskGroup:
        # the group ended as we asked: nothing to handle
        pass
    print('The group has ended early')


# start the event loop and run main() in it
asyncio.run(main())
