# Test code that uses a task group with pytest, and no plugin: each test is a
# plain function that runs its coroutines with asyncio.run() or asyncio.Runner.
import asyncio

import pytest

# the data the code under test looks things up in
PRICES = {'apple': 3, 'pear': 4, 'plum': 2}


# the code under test: look one name up, as if it took a network request
async def price(name):
    await asyncio.sleep(0.01)
    # a missing name raises KeyError
    return PRICES[name]


# the code under test: look every name up at once, in a task group
async def prices(names):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(price(name)) for name in names]
    return [task.result() for task in tasks]


# the code under test: one task group inside a task of another
async def two_baskets(first, second):
    async with asyncio.TaskGroup() as group:
        group.create_task(prices(first))
        group.create_task(prices(second))


# a test is a plain function: asyncio.run() runs the coroutine in a new loop
def test_results_come_in_argument_order():
    assert asyncio.run(prices(['pear', 'apple', 'plum'])) == [4, 3, 2]


# pytest.RaisesGroup checks the whole exception group, not just its type
def test_one_failure_comes_in_a_group():
    with pytest.RaisesGroup(KeyError):
        asyncio.run(prices(['apple', 'kiwi']))


# each expected exception can be a pytest.RaisesExc with its own match=
def test_two_failures_with_their_messages():
    with pytest.RaisesGroup(
        pytest.RaisesExc(KeyError, match='kiwi'),
        pytest.RaisesExc(KeyError, match='fig'),
        match='unhandled errors in a TaskGroup',
    ) as info:
        asyncio.run(prices(['kiwi', 'apple', 'fig']))
    # info.value is the exception group itself
    assert len(info.value.exceptions) == 2


# a group that fails inside a task of another group nests one group in another
def test_nested_groups():
    with pytest.RaisesGroup(pytest.RaisesGroup(KeyError)):
        asyncio.run(two_baskets(['apple'], ['kiwi']))
    # or ignore the nesting and look at the exceptions alone
    with pytest.RaisesGroup(KeyError, flatten_subgroups=True):
        asyncio.run(two_baskets(['apple'], ['kiwi']))


# except* in the test's own coroutine: anything it does not match fails the test
def test_except_star():
    async def scenario():
        caught = []
        try:
            await prices(['apple', 'kiwi'])
        except* KeyError as group:
            caught.extend(group.exceptions)
        return caught

    caught = asyncio.run(scenario())
    assert [error.args for error in caught] == [('kiwi',)]


# asyncio.Runner keeps one event loop for several steps of one test
def test_one_loop_for_several_steps():
    with asyncio.Runner() as runner:
        assert runner.run(prices(['plum'])) == [2]
        with pytest.RaisesGroup(KeyError):
            runner.run(prices(['kiwi']))
        # the loop still works after a group failed in it
        assert runner.run(prices(['apple', 'pear'])) == [3, 4]


# run as a program, the file calls its tests itself; pytest collects them
if __name__ == '__main__':
    for name, test in list(globals().items()):
        if name.startswith('test_'):
            # a failed test raises here, and the program stops with its traceback
            test()
            print(f'{name} passed')
