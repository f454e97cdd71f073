# When does a task of a group start? Lazily, as on every Python with task
# groups, and eagerly, with the task factory that Python 3.12 added.
import asyncio


# a task that says when it starts, then waits
async def job(name):
    print(f'  {name} starts')
    await asyncio.sleep(1)
    print(f'  {name} ends')


# a task that returns before it ever waits
async def quick(name):
    print(f'  {name} returns without waiting')
    return name


# a task that fails before it ever waits
async def broken(name):
    print(f'  {name} fails without waiting')
    raise ValueError(name)


# the same group, whatever the task factory
async def main():
    try:
        async with asyncio.TaskGroup() as group:
            print('  creating a')
            group.create_task(job('a'))
            print('  creating b')
            b = group.create_task(quick('b'))
            print(f'  created b: done={b.done()}')
            print('  creating c')
            c = group.create_task(broken('c'))
            print(f'  created c: done={c.done()}')
            # the body waits here; the failure of c cancels it, and task a
            await asyncio.sleep(1)
            print('  the body never gets here')
    except* ValueError as errors:
        print(f'  the group raised {errors.exceptions!r}')


# run main() in a new event loop that creates its tasks with task_factory
def run(task_factory):
    with asyncio.Runner() as runner:
        runner.get_loop().set_task_factory(task_factory)
        runner.run(main())


# None is the default factory: a task starts at the loop's next turn
print('Lazy tasks, the default:')
run(None)
# Python 3.11 has no eager tasks
eager = getattr(asyncio, 'eager_task_factory', None)
if eager is None:
    print('Eager tasks: this Python has no asyncio.eager_task_factory')
else:
    print('Eager tasks, with asyncio.eager_task_factory:')
    run(eager)
