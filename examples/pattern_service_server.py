# A TCP server whose connection handlers are tasks of the application's group,
# each one isolated, so that one failing connection does not stop the server.
import asyncio


# answer one line, in capitals; a request for 'boom' fails
async def answer(reader, writer):
    request = (await reader.readline()).decode().strip()
    if request == 'boom':
        raise ValueError(f'cannot serve {request!r}')
    writer.write(request.upper().encode() + b'\n')
    await writer.drain()


# one connection: its failure is logged and ends only this connection
async def handle(reader, writer, stats):
    try:
        await answer(reader, writer)
    except Exception as exc:
        stats['failed'] += 1
        print(f'server: connection failed: {exc!r}')
    finally:
        stats['handled'] += 1
        writer.close()
        await writer.wait_closed()


# a client: send one line, print the answer
async def client(port, request):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(request.encode() + b'\n')
    await writer.drain()
    reply = await reader.readline()
    print(f'client: sent {request!r}, got {reply.decode().strip() or "nothing"!r}')
    writer.close()
    await writer.wait_closed()


# the entry point of the program
async def main():
    stats = {'handled': 0, 'failed': 0}
    async with asyncio.TaskGroup() as group:
        # a plain function, not a coroutine: each connection becomes a task of the group
        def on_connect(reader, writer):
            group.create_task(handle(reader, writer, stats))

        # port 0: the system picks a free port
        server = await asyncio.start_server(on_connect, '127.0.0.1', 0)
        port = server.sockets[0].getsockname()[1]
        # one client after the other, so the output has one order
        for request in ('hello', 'boom', 'bye'):
            await client(port, request)
        server.close()
        await server.wait_closed()
    print(f'server closed: {stats["handled"]} connections, {stats["failed"]} failed')


# start the event loop and run main() in it
asyncio.run(main())
