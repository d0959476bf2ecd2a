"""Many connections from one process, for `make bench` and `make drill`: open notification streams
(each reconnecting with Last-Event-ID when the server ends it, as a browser's EventSource does)
and slow clients (slowloris-style: headers or a body a few bytes a second). Loopback only, and
bounded by the counts asked for.

Runs an asyncio loop on a thread of its own; the caller reads the figures it keeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Coroutine
from typing import Any


class Crowd:
    def __init__(self, port: int) -> None:
        self.port = port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.tasks: list[asyncio.Future[Any]] = []
        self.streaming: set[int] = set()  # streams whose server said `connected`
        self.refused: dict[int, int] = {}  # status of streams answered otherwise
        self.latencies_ms: list[float] = []  # notification sent (its text) -> read here
        self.reconnects = 0
        self.slow_open = 0
        self.slow_dropped = 0  # slow connections the server hung up on (then opened again)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        self.tasks.append(asyncio.run_coroutine_threadsafe(coro, self.loop))

    def streams(self, tokens: list[str]) -> None:
        for i, token in enumerate(tokens):
            self._spawn(self._stream(i, token))

    def slow(self, count: int) -> None:
        for i in range(count):
            self._spawn(self._slow(i, body=i % 2 == 1))

    def wait_streaming(self, count: int, limit: float) -> int:
        deadline = time.monotonic() + limit
        while len(self.streaming) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return len(self.streaming)

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        time.sleep(0.5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """Connect, trying again while the server (or the kernel's backlog) refuses."""
        while True:
            try:
                return await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.5)

    async def _stream(self, i: int, token: str) -> None:
        last_id = ""
        while True:
            reader, writer = await self._connect()
            resume = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
            writer.write(f"GET /notifications/stream HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream"
                         f"\r\nAuthorization: Bearer {token}\r\n{resume}\r\n".encode())
            try:
                status = int((await reader.readline()).split()[1])
                if status != 200:
                    self.refused[i] = status
                    self.streaming.discard(i)
                    await asyncio.sleep(2)
                    continue
                while line := await reader.readline():
                    text = line.decode().rstrip("\r\n")
                    if text == ": connected":
                        self.streaming.add(i)
                    elif text.startswith("id: "):
                        last_id = text[4:]
                    elif text.startswith("data: "):
                        sent = float(json.loads(text[6:])["message"])
                        self.latencies_ms.append((time.time() - sent) * 1000)
            except (OSError, ValueError, IndexError):
                pass
            finally:
                writer.close()
            self.streaming.discard(i)
            self.reconnects += 1
            await asyncio.sleep(0.1)

    async def _slow(self, i: int, body: bool) -> None:
        """Half send their headers a line a second, half a declared body a byte a second."""
        while True:
            reader, writer = await self._connect()
            self.slow_open += 1
            try:
                if body:
                    writer.write(b"POST /auth/login HTTP/1.1\r\nHost: bench\r\nContent-Type: "
                                 b"application/json\r\nContent-Length: 1000\r\n\r\n{")
                else:
                    writer.write(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n")
                while True:
                    await writer.drain()
                    try:  # a second between bytes, listening for the server hanging up
                        await asyncio.wait_for(reader.read(4096), 1)
                        break  # it answered, or hung up
                    except TimeoutError:
                        writer.write(b" " if body else b"X-Slow: 1\r\n")
            except OSError:
                pass
            finally:
                self.slow_open -= 1
                self.slow_dropped += 1
                with contextlib.suppress(OSError):
                    writer.close()
            await asyncio.sleep(0.1)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]
