#!/usr/bin/env python3
"""A TCP proxy on loopback that adds round-trip time: every chunk is delivered half the RTT late in each
direction (in order), and a new connection waits one RTT before it carries data, as a TCP handshake
over such a link does. Usage: latency-proxy.py LISTEN_PORT TARGET_HOST:PORT RTT_MS. Prints "ready"."""
import asyncio
import sys
import time


async def pipe(reader, writer, delay):
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                writer.close()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + delay, data or None))
            if not data:
                break
        await sender
    except (ConnectionError, asyncio.CancelledError):
        sender.cancel()
        writer.close()


async def main():
    listen, target, rtt = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]) / 1000
    host, port = target.rsplit(":", 1)

    async def handle(client_reader, client_writer):
        await asyncio.sleep(rtt)
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pipe(client_reader, server_writer, rtt / 2),
            pipe(server_reader, client_writer, rtt / 2),
            return_exceptions=True,
        )

    server = await asyncio.start_server(handle, "127.0.0.1", listen, backlog=1024)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
