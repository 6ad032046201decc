"""One WebSocket speaking `polestage.grpc.v1`, multiplexing calls as streams (docs/protocol.md, sections 4 to 9)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from typing import Any, Awaitable, Dict, List, Optional, Tuple, TypeVar

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect

from . import frames
from .frames import Frame, FrameError, FrameType
from .status import Metadata, MetadataValue, RpcError, StatusCode
from ._generated.wire.v1 import envelope_pb2 as wire

SUBPROTOCOL = "polestage.grpc.v1"
PROTOCOL_VERSION = 1
DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024
DEFAULT_MAX_CONCURRENT_STREAMS = 128
DEFAULT_INITIAL_WINDOW_SIZE = 256 * 1024
# The largest BATCH message (several frames in one WebSocket message) the client accepts (section 2, "Batches").
DEFAULT_MAX_BATCH_SIZE = frames.DEFAULT_MAX_BATCH_SIZE
# Requests up to this size travel inline in OPEN, as the Swift client does (section 5, "Inline messages").
INLINE_MESSAGE_LIMIT = 16 * 1024

CANCELLED_MESSAGE = "The client cancelled the RPC."
DEADLINE_MESSAGE = "The RPC's deadline passed."
CLOSED_MESSAGE = "The WebSocket connection closed."

log = logging.getLogger("polestage")

T = TypeVar("T")


def encode_timeout(seconds: float) -> str:
    """`grpc-timeout` for a deadline `seconds` away: a positive integer of at most 7 digits and one unit."""
    for unit, per_second in (("n", 1e9), ("u", 1e6), ("m", 1e3), ("S", 1.0), ("M", 1 / 60), ("H", 1 / 3600)):
        value = math.ceil(seconds * per_second)
        if value <= 9_999_999:
            return f"{max(value, 1)}{unit}"
    return "9999999H"


class _Event:
    HEADERS, MESSAGE, END = range(3)


class Call:
    """One stream: one gRPC call. Created by `Connection.open_call`.

    `receive()` returns each response message (bytes), then None once TRAILERS said OK; a status other than OK, a
    RESET, the deadline or the connection's end raise `RpcError`. `cancel()` sends RESET if the call has not ended.
    """

    def __init__(self, connection: "Connection", stream_id: int, method: str, deadline: Optional[float]) -> None:
        self._connection = connection
        self.stream_id = stream_id
        self.method = method
        self.deadline = deadline
        self.initial_metadata: List[Tuple[str, MetadataValue]] = []
        self.trailing_metadata: List[Tuple[str, MetadataValue]] = []
        self.code: Optional[StatusCode] = None
        self.details: str = ""
        self._events: "asyncio.Queue[Tuple[Any, ...]]" = asyncio.Queue()
        self._headers_seen = False
        # Sending (section 7): the server's window is fixed when the stream opens.
        self._send_window = connection.peer_initial_window_size
        self._send_credit = self._send_window
        self._credit_changed = asyncio.Event()
        self._request_done = False
        # Receiving.
        self._recv_window = connection.initial_window_size
        self._buffered = 0
        self._unreported = 0
        self._peer_finished = False  # TRAILERS or RESET received, or the call failed locally
        self._ended = False  # the application saw the end (status, error) or cancelled
        self._error: Optional[RpcError] = None

    # -- sending -------------------------------------------------------------------------------------------------

    def _remaining(self) -> Optional[float]:
        if self.deadline is None:
            return None
        return self.deadline - asyncio.get_running_loop().time()

    async def send(self, message: bytes, *, end: bool = False) -> None:
        """Sends one request message, waiting for flow-control credit; `end` marks it the last (END_STREAM)."""
        if self._request_done:
            raise RuntimeError("the request side of this call is finished")
        size = len(message)
        limit = self._connection.peer_max_message_size
        if size > limit:
            error = RpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"request message of {size} bytes exceeds the server's limit of {limit} bytes",
            )
            self._fail_locally(error, reset=True)
            raise error
        while not (size <= self._send_credit or self._send_credit == self._send_window):
            if self._peer_finished:
                break
            self._credit_changed.clear()
            try:
                await self._wait(self._credit_changed.wait())
            except asyncio.CancelledError:
                self.cancel()
                raise
        if self._peer_finished:
            return  # the call has ended: what it would have sent is moot; receive() reports the status
        self._send_credit -= size
        self._request_done = end
        self._connection._send(Frame(FrameType.MESSAGE, self.stream_id, bytes(message), frames.END_STREAM if end else 0))

    def half_close(self) -> None:
        """The client's last message was sent (HALF_CLOSE)."""
        if not self._request_done and not self._peer_finished:
            self._request_done = True
            self._connection._send(Frame(FrameType.HALF_CLOSE, self.stream_id))

    # -- receiving -----------------------------------------------------------------------------------------------

    async def _wait(self, awaitable: Awaitable[T]) -> T:
        remaining = self._remaining()
        if remaining is None:
            return await awaitable
        try:
            return await asyncio.wait_for(awaitable, max(remaining, 0))
        except asyncio.TimeoutError:
            error = RpcError(StatusCode.DEADLINE_EXCEEDED, DEADLINE_MESSAGE)
            self._fail_locally(error, reset=True, reset_code=StatusCode.DEADLINE_EXCEEDED)
            raise error from None

    async def receive(self) -> Optional[bytes]:
        """The next response message, or None at the end of a successful call."""
        if self._ended:
            if self._error is not None:
                raise self._error
            return None
        if self._error is not None and self._events.empty():
            self._ended = True
            raise self._error
        while True:
            try:
                event = await self._wait(self._events.get())
            except asyncio.CancelledError:
                self.cancel()
                raise
            except RpcError:
                self._ended = True
                raise
            kind = event[0]
            if kind == _Event.HEADERS:
                continue
            if kind == _Event.MESSAGE:
                data: bytes = event[1]
                self._consumed(len(data))
                return data
            # END
            self._ended = True
            code, message = event[1], event[2]
            if code != StatusCode.OK:
                self._error = RpcError(
                    code,
                    message,
                    initial_metadata=self.initial_metadata,
                    trailing_metadata=self.trailing_metadata,
                )
                raise self._error
            return None

    def _consumed(self, size: int) -> None:
        """The application took a message of `size` bytes: give the credit back when the rules of section 7 say so."""
        self._buffered -= size
        self._unreported += size
        if self._peer_finished or self._unreported == 0:
            return
        if self._unreported >= self._recv_window // 2 or self._buffered == 0:
            increment, self._unreported = self._unreported, 0
            self._connection._send(Frame(FrameType.WINDOW_UPDATE, self.stream_id, increment))

    # -- ending --------------------------------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self._peer_finished

    def cancel(self, code: StatusCode = StatusCode.CANCELLED, message: str = CANCELLED_MESSAGE) -> None:
        """Abandons the call: RESET if its TRAILERS (or RESET) have not arrived. Safe to call at any time."""
        if not self._peer_finished:
            self._fail_locally(RpcError(code, message), reset=True, reset_code=code, reset_message=message)
        self._ended = True

    def _fail_locally(
        self,
        error: RpcError,
        *,
        reset: bool,
        reset_code: Optional[StatusCode] = None,
        reset_message: Optional[str] = None,
    ) -> None:
        if self._peer_finished:
            return
        self._peer_finished = True
        self._error = error
        self._credit_changed.set()
        self._connection._stream_ended(self)
        if reset:
            body = wire.Reset(code=int(reset_code or error.code), message=reset_message or error.message)
            self._connection._send(Frame(FrameType.RESET, self.stream_id, body))

    # Called by the connection's reader.

    def _on_headers(self, metadata: List[Tuple[str, MetadataValue]]) -> None:
        if not self._headers_seen:
            self._headers_seen = True
            self.initial_metadata = metadata
            self._events.put_nowait((_Event.HEADERS,))

    def _accept_message(self, body: bytes) -> bool:
        """Size and flow-control checks on a received message (sections 7 and 11); False when the call failed."""
        size = len(body)
        limit = self._connection.max_message_size
        if size > limit:
            message = f"response message of {size} bytes exceeds the limit of {limit} bytes"
            self._fail_locally(RpcError(StatusCode.RESOURCE_EXHAUSTED, message), reset=True)
            self._events.put_nowait((_Event.END, StatusCode.RESOURCE_EXHAUSTED, message))
            return False
        window, buffered = self._recv_window, self._buffered
        fits = buffered + size <= window or buffered == 0
        alone = size <= window or (buffered == 0 and self._unreported == 0)
        if not (fits and alone):
            message = "The server overran the flow-control window."
            self._fail_locally(RpcError(StatusCode.INTERNAL, message), reset=True)
            self._events.put_nowait((_Event.END, StatusCode.INTERNAL, message))
            return False
        self._buffered += size
        self._headers_seen = True
        self._events.put_nowait((_Event.MESSAGE, body))
        return True

    def _on_trailers(self, trailers: wire.Trailers) -> None:
        if trailers.HasField("response_message"):
            if not self._accept_message(bytes(trailers.response_message)):
                return
        self._peer_finished = True
        self._credit_changed.set()
        self._connection._stream_ended(self)
        self.trailing_metadata = frames.metadata_pairs(trailers.metadata)
        self.code = StatusCode.from_trailers(trailers.code)
        self.details = trailers.message
        self._events.put_nowait((_Event.END, self.code, trailers.message))

    def _on_reset(self, reset: wire.Reset) -> None:
        self._peer_finished = True
        self._credit_changed.set()
        self._connection._stream_ended(self)
        self.code = StatusCode.from_reset(reset.code)
        self.details = reset.message or "stream reset by peer"
        self._events.put_nowait((_Event.END, self.code, self.details))

    def _on_window_update(self, increment: int) -> None:
        if self._send_credit + increment > self._send_window:
            raise FrameError(f"WINDOW_UPDATE on stream {self.stream_id} exceeds the window")
        self._send_credit += increment
        self._credit_changed.set()

    def _on_connection_closed(self) -> None:
        if not self._peer_finished:
            self._peer_finished = True
            self._credit_changed.set()
            self.code = StatusCode.UNAVAILABLE
            self.details = CLOSED_MESSAGE
            self._events.put_nowait((_Event.END, StatusCode.UNAVAILABLE, CLOSED_MESSAGE))


class Connection:
    """One WebSocket and its streams. Open it with `await Connection.open(url)`."""

    def __init__(
        self,
        websocket: ClientConnection,
        *,
        max_message_size: int,
        initial_window_size: int,
        max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
    ) -> None:
        self.websocket = websocket
        self.max_message_size = max_message_size
        self.initial_window_size = initial_window_size
        self.max_batch_size = max_batch_size
        # The server's settings; the defaults until its SETTINGS arrives. The client never sends BATCH, so the
        # server's max_batch_size is only recorded (0, none accepted, until its SETTINGS says otherwise).
        self.peer_max_message_size = DEFAULT_MAX_MESSAGE_SIZE
        self.peer_max_concurrent_streams = DEFAULT_MAX_CONCURRENT_STREAMS
        self.peer_initial_window_size = DEFAULT_INITIAL_WINDOW_SIZE
        self.peer_max_batch_size = 0
        self.settings_received = asyncio.Event()
        self.goaway: Optional[wire.GoAway] = None
        self.closed = asyncio.Event()
        self.close_reason: Optional[str] = None
        self._next_stream_id = 1
        self._streams: Dict[int, Call] = {}
        self._slot_freed = asyncio.Event()  # set when a stream ends, a SETTINGS or GOAWAY arrives
        self._outbox: "asyncio.Queue[Optional[bytes]]" = asyncio.Queue()
        self._reader: Optional["asyncio.Task[None]"] = None
        self._writer: Optional["asyncio.Task[None]"] = None

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        initial_window_size: int = DEFAULT_INITIAL_WINDOW_SIZE,
        max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
        open_timeout: float = 10.0,
        **websocket_options: Any,
    ) -> "Connection":
        """Connects, exchanges SETTINGS, and returns once the server's SETTINGS arrived. `max_batch_size` is announced
        in the client's SETTINGS: the largest BATCH message it accepts, 0 for none."""
        options: Dict[str, Any] = dict(
            subprotocols=[SUBPROTOCOL],
            # A frame may be up to 2 x max_message_size + 1024 bytes (section 10), a BATCH up to max_batch_size.
            max_size=max(2 * max_message_size + 1024, max_batch_size),
            open_timeout=open_timeout,
            compression="deflate",
        )
        options.update(websocket_options)
        websocket = await ws_connect(url, **options)
        if websocket.subprotocol != SUBPROTOCOL:
            await websocket.close(1002, "the server did not accept polestage.grpc.v1")
            raise RpcError(StatusCode.UNAVAILABLE, f"{url} did not accept the subprotocol {SUBPROTOCOL}")
        connection = cls(
            websocket,
            max_message_size=max_message_size,
            initial_window_size=initial_window_size,
            max_batch_size=max_batch_size,
        )
        connection._start()
        try:
            await asyncio.wait_for(connection._wait_for_settings(), open_timeout)
        except BaseException:
            await connection.close()
            raise
        return connection

    def _start(self) -> None:
        settings = wire.Settings(
            version=PROTOCOL_VERSION,
            max_message_size=self.max_message_size,
            initial_window_size=self.initial_window_size,
            max_batch_size=self.max_batch_size,  # 0 is not written: the server then never sends BATCH
        )
        self._send(Frame(FrameType.SETTINGS, 0, settings))
        self._writer = asyncio.create_task(self._write_loop(), name="polestage-writer")
        self._reader = asyncio.create_task(self._read_loop(), name="polestage-reader")

    async def _wait_for_settings(self) -> None:
        settings = asyncio.ensure_future(self.settings_received.wait())
        closed = asyncio.ensure_future(self.closed.wait())
        try:
            await asyncio.wait({settings, closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            settings.cancel()
            closed.cancel()
        if not self.settings_received.is_set():
            raise RpcError(StatusCode.UNAVAILABLE, f"the connection closed before SETTINGS: {self.close_reason}")

    # -- state ---------------------------------------------------------------------------------------------------

    @property
    def usable(self) -> bool:
        """Whether new calls may open here: not closed, no GOAWAY, stream ids left."""
        return not self.closed.is_set() and self.goaway is None and self._next_stream_id <= 0xFFFFFFFF

    @property
    def open_streams(self) -> int:
        return len(self._streams)

    # -- calls ---------------------------------------------------------------------------------------------------

    async def open_call(
        self,
        method: str,
        metadata: Metadata = (),
        *,
        deadline: Optional[float] = None,
        request: Optional[bytes] = None,
    ) -> Call:
        """Opens a stream. With `request`, the call's only request message is sent with it (inline in OPEN when
        small, else as one MESSAGE with END_STREAM). `deadline` is a time of the event loop's clock."""
        loop = asyncio.get_running_loop()
        if request is not None and len(request) > self.peer_max_message_size:
            raise RpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"request message of {len(request)} bytes exceeds the server's limit of "
                f"{self.peer_max_message_size} bytes",
            )
        # Calls beyond the server's limit wait for a stream to end rather than being refused (section 11).
        # No await between the last check and the stream's registration below: the slot cannot be taken meanwhile.
        while self.usable and len(self._streams) >= self.peer_max_concurrent_streams:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                raise RpcError(StatusCode.DEADLINE_EXCEEDED, DEADLINE_MESSAGE)
            self._slot_freed.clear()
            try:
                await asyncio.wait_for(self._slot_freed.wait(), remaining)
            except asyncio.TimeoutError:
                raise RpcError(StatusCode.DEADLINE_EXCEEDED, DEADLINE_MESSAGE) from None
        if not self.usable:
            raise RpcError(StatusCode.UNAVAILABLE, self.close_reason or "The connection is going away.")
        entries = frames.metadata_entries(metadata)
        if deadline is not None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise RpcError(StatusCode.DEADLINE_EXCEEDED, DEADLINE_MESSAGE)
            entries.append(wire.MetadataEntry(key="grpc-timeout", ascii_value=encode_timeout(remaining)))
        # Ids are taken and OPENs queued in one synchronous step, so they reach the server in increasing order.
        stream_id = self._next_stream_id
        self._next_stream_id += 1
        call = Call(self, stream_id, method, deadline)
        self._streams[stream_id] = call
        open_stream = wire.OpenStream(method=method, metadata=entries)
        if request is not None and len(request) <= INLINE_MESSAGE_LIMIT:
            open_stream.request_message = request
            call._send_credit -= len(request)
            call._request_done = True
            self._send(Frame(FrameType.OPEN, stream_id, open_stream))
        else:
            self._send(Frame(FrameType.OPEN, stream_id, open_stream))
            if request is not None:
                await call.send(request, end=True)
        return call

    def _stream_ended(self, call: Call) -> None:
        if self._streams.pop(call.stream_id, None) is not None:
            self._slot_freed.set()

    # -- writing -------------------------------------------------------------------------------------------------

    def _send(self, frame: Frame) -> None:
        if not self.closed.is_set():
            self._outbox.put_nowait(frames.encode(frame))

    async def _write_loop(self) -> None:
        try:
            while True:
                data = await self._outbox.get()
                if data is None:
                    return
                await self.websocket.send(data)
        except websockets.ConnectionClosed:
            pass
        except asyncio.CancelledError:
            raise
        except Exception as error:  # pragma: no cover - unexpected
            log.warning("polestage: writer failed: %r", error)
            await self._abort(1011, "client writer failed")

    # -- reading -------------------------------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        try:
            async for data in self.websocket:
                if isinstance(data, str):
                    await self._abort(1003, "text messages are not supported")
                    return
                try:
                    # One frame, or each entry of a BATCH in order; entries before an invalid one are handled.
                    for frame in frames.decode_message(data, max_batch_size=self.max_batch_size):
                        self._handle(frame)
                except FrameError as error:
                    await self._abort(error.close_code, error.reason)
                    return
        except websockets.ConnectionClosed:
            pass
        finally:
            self._connection_closed()

    def _handle(self, frame: Frame) -> None:
        kind = frame.type
        if kind == FrameType.SETTINGS:
            settings = frame.body
            if settings.version != PROTOCOL_VERSION:
                raise FrameError(f"unsupported protocol version {settings.version}, this client speaks 1")
            if settings.max_message_size:
                self.peer_max_message_size = settings.max_message_size
            if settings.max_concurrent_streams:
                self.peer_max_concurrent_streams = settings.max_concurrent_streams
                self._slot_freed.set()
            if settings.initial_window_size:
                self.peer_initial_window_size = settings.initial_window_size
            if settings.max_batch_size:
                self.peer_max_batch_size = settings.max_batch_size
            self.settings_received.set()
            return
        if kind in (FrameType.OPEN, FrameType.HALF_CLOSE):
            raise FrameError(f"{kind.name} frames are sent by clients only")
        if kind == FrameType.GOAWAY:
            self.goaway = frame.body
            self._slot_freed.set()
            return
        call = self._streams.get(frame.stream_id)
        if call is None:
            return  # a stream that ended (late frame) or that this client does not know: dropped
        if kind == FrameType.HEADERS:
            call._on_headers(frames.metadata_pairs(frame.body.metadata))
        elif kind == FrameType.MESSAGE:
            call._accept_message(frame.body)  # END_STREAM from a server is ignored
        elif kind == FrameType.TRAILERS:
            call._on_trailers(frame.body)
        elif kind == FrameType.RESET:
            call._on_reset(frame.body)
        elif kind == FrameType.WINDOW_UPDATE:
            call._on_window_update(frame.body)

    def _connection_closed(self) -> None:
        if self.closed.is_set():
            return
        websocket = self.websocket
        if self.close_reason is None:
            code = websocket.close_code
            reason = websocket.close_reason
            self.close_reason = f"{CLOSED_MESSAGE} ({code} {reason})".replace(" )", ")") if code else CLOSED_MESSAGE
        self.closed.set()
        self._outbox.put_nowait(None)
        for call in list(self._streams.values()):
            call._on_connection_closed()
        self._streams.clear()
        self._slot_freed.set()

    async def _abort(self, code: int, reason: str) -> None:
        log.warning("polestage: closing the connection: %d %s", code, reason)
        self.close_reason = f"{CLOSED_MESSAGE} ({code} {reason})"
        with contextlib.suppress(Exception):
            await self.websocket.close(code, reason)
        self._connection_closed()

    async def close(self) -> None:
        """Closes the WebSocket (1000 `client closing`); unfinished calls fail with UNAVAILABLE."""
        if not self.closed.is_set():
            # Let queued frames (RESETs of cancelled calls) go out first.
            self._outbox.put_nowait(None)
            if self._writer is not None:
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(asyncio.shield(self._writer), 2)
            with contextlib.suppress(Exception):
                await self.websocket.close(1000, "client closing")
        self._connection_closed()
        for task in (self._reader, self._writer):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
