# One task fails after 0.1 s; the group cancels the slow one.
import asyncio


async def slow():
    await asyncio.sleep(1)


async def bad():
    await asyncio.sleep(0.1)
    raise ValueError('bad')


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(slow())
            group.create_task(bad())
    except* ValueError:
        print('caught')


asyncio.run(main())
