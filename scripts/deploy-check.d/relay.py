"""A TCP relay: listen on 127.0.0.1:PORT, forward to HOST:PORT. deploy-check starts it to
bring a PostgreSQL "up" late, at a port the unit has been failing to reach."""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def main(port, target):
    host, _, target_port = target.rpartition(":")

    async def serve(reader, writer):
        up_reader, up_writer = await asyncio.open_connection(host or "127.0.0.1", int(target_port or 5432))
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)

    server = await asyncio.start_server(serve, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
