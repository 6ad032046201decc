"""The asyncio client: one WebSocket per `Client`, the typed stub of every service (`polestage._generated.stubs`),
and the resuming `subscribe` and `watch_inbox`."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Awaitable, Callable, Generic, List, Optional, Tuple, Type, TypeVar

import websockets
from google.protobuf.message import Message

from ._generated.offers.v1 import offers_pb2
from ._generated.placements.v1 import placements_pb2
from ._generated.stubs import (
    AdminServiceStub,
    ApplicationServiceStub,
    CalendarServiceStub,
    ContactServiceStub,
    HealthStub,
    InboxServiceStub,
    OfferServiceStub,
    PracticeServiceStub,
    PupilServiceStub,
    ReservationServiceStub,
    SignInServiceStub,
)
from .connection import (
    DEFAULT_INITIAL_WINDOW_SIZE,
    DEFAULT_MAX_BATCH_SIZE,
    DEFAULT_MAX_MESSAGE_SIZE,
    Call,
    Connection,
)
from .status import RpcError, StatusCode
from .stub import Method, MetadataLike, ResponseT, ServerStream, ServerStreamMethod, Stub, UnaryMethod

__all__ = [
    "Client",
    "InboxWatch",
    "Method",
    "MetadataLike",
    "ResumingStream",
    "ServerStream",
    "ServerStreamMethod",
    "Stub",
    "Subscription",
    "UnaryMethod",
    "connect",
]

# The events of a resumable stream (OfferEvent, InboxEvent): each carries the position to resume from.
EventT = TypeVar("EventT", offers_pb2.OfferEvent, placements_pb2.InboxEvent)


def _pairs(metadata: MetadataLike) -> List[Tuple[str, Any]]:
    if metadata is None:
        return []
    if isinstance(metadata, dict):
        return list(metadata.items())
    return list(metadata)


def _backoff(attempt: int, initial: float = 0.5, maximum: float = 30.0) -> float:
    # The exponent is bounded: 2.0**1024 overflows, and `maximum` is reached long before.
    return min(initial * 2.0 ** min(attempt, 64), maximum)


class ResumingStream(Generic[EventT]):
    """A server stream of positioned events that resumes by itself, the base of `Subscription` and `InboxWatch`: the
    position of every event is kept (`position`), and when the call fails with UNAVAILABLE (the connection dropped,
    the server restarted or is shutting down) it reconnects with backoff and calls again from that position, so no
    event is missed or repeated.

    Iterate it with `async for`; it is also an async context manager. Closing it or cancelling its task sends RESET.
    Other statuses (a bad token, a bad request, a deadline) end it with `RpcError`. A subclass says how to open the
    call (`_open`) and may follow the events (`_observe`). Its events are `OfferEvent`s (`Subscription`) or
    `InboxEvent`s (`InboxWatch`).

    `backoff(attempt)` gives the seconds to wait before reconnection attempt `attempt` (0.5 s doubling up to 30 s by
    default); `on_reconnect(error, attempt)` is called (and awaited if it returns an awaitable) before each wait; at
    most `max_retries` reconnections in a row without an event (None: no limit), then the error is raised. `metadata`
    and `timeout` apply to each call.
    """

    RETRY_CODES = frozenset({StatusCode.UNAVAILABLE})
    ENDED = "the server ended the stream"

    def __init__(
        self,
        client: Client,
        position: Optional[offers_pb2.StreamPosition] = None,
        metadata: MetadataLike = None,
        backoff: Callable[[int], float] = _backoff,
        on_reconnect: Optional[Callable[[RpcError, int], Optional[Awaitable[None]]]] = None,
        max_retries: Optional[int] = None,
        timeout: Optional[float] = None,
    ) -> None:
        self._client = client
        self.position = position
        self._metadata = metadata
        self._backoff = backoff
        self._on_reconnect = on_reconnect
        self._max_retries = max_retries
        self._timeout = timeout
        self._stream: Optional[ServerStream[EventT]] = None
        self._closed = False
        self._attempt = 0
        self.reconnects = 0

    def _open(self) -> ServerStream[EventT]:
        """The call, from `position` when set."""
        raise NotImplementedError

    def _observe(self, event: EventT) -> None:
        """Sees each event before it is returned."""

    def __aiter__(self) -> ResumingStream[EventT]:
        return self

    async def __anext__(self) -> EventT:
        while True:
            if self._closed:
                raise StopAsyncIteration
            if self._stream is None:
                self._stream = self._open()
            error: RpcError
            try:
                event = await self._stream.__anext__()
            except StopAsyncIteration:
                error = RpcError(StatusCode.UNAVAILABLE, self.ENDED)
            except RpcError as failure:
                if failure.code not in self.RETRY_CODES:
                    self._closed = True
                    self._stream = None
                    raise
                error = failure
            except BaseException:
                self.cancel()
                raise
            else:
                self._attempt = 0
                self._observe(event)
                # The pages before the last of a snapshot that started from no position carry {epoch 0, offset 0},
                # which the server refuses as a resume position: the position stays unset, so a resume starts over.
                if event.HasField("position") and event.position.epoch > 0:
                    position = offers_pb2.StreamPosition()
                    position.CopyFrom(event.position)
                    self.position = position
                return event
            self._stream = None
            if self._max_retries is not None and self._attempt >= self._max_retries:
                self._closed = True
                raise error
            if self._on_reconnect is not None:
                result = self._on_reconnect(error, self._attempt)
                if inspect.isawaitable(result):
                    await result
            await asyncio.sleep(self._backoff(self._attempt))
            self._attempt += 1
            self.reconnects += 1

    def cancel(self) -> None:
        self._closed = True
        if self._stream is not None:
            self._stream.cancel()
            self._stream = None

    async def aclose(self) -> None:
        self.cancel()

    async def __aenter__(self) -> ResumingStream[EventT]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cancel()


class Subscription(ResumingStream[offers_pb2.OfferEvent]):
    """`OfferService.Subscribe` that resumes by itself (`ResumingStream`): it yields every `OfferEvent` and
    subscribes again from the last position after UNAVAILABLE, so no change is missed or repeated. A drop in the
    middle of a snapshot asks for the snapshot again. The parameters after `snapshot` (metadata, backoff,
    on_reconnect, max_retries, timeout) are `ResumingStream`'s.
    """

    ENDED = "the server ended the subscription"

    def __init__(
        self,
        client: Client,
        filter: Optional[offers_pb2.OfferFilter],
        position: Optional[offers_pb2.StreamPosition],
        snapshot: bool,
        *options: Any,
        **named_options: Any,
    ) -> None:
        super().__init__(client, position, *options, **named_options)
        self.filter = filter
        # A snapshot was asked for (or implied by a reset) and its last page has not come: a resume asks for it again,
        # since the positions of its pages before the last are the one the stream started from.
        self._in_snapshot = snapshot

    def _request(self) -> offers_pb2.SubscribeRequest:
        request = offers_pb2.SubscribeRequest()
        if self.filter is not None:
            request.filter.CopyFrom(self.filter)
        if self.position is not None:
            request.resume_from.CopyFrom(self.position)
        request.snapshot = self._in_snapshot
        return request

    def _open(self) -> ServerStream[offers_pb2.OfferEvent]:
        return self._client.offers.subscribe(self._request(), metadata=self._metadata, timeout=self._timeout)

    def _observe(self, event: offers_pb2.OfferEvent) -> None:
        kind = event.WhichOneof("event")
        if kind == "reset":
            self._in_snapshot = True
        elif kind == "snapshot":
            self._in_snapshot = not event.snapshot.last
        elif kind in ("change", "live"):
            self._in_snapshot = False


class InboxWatch(ResumingStream[placements_pb2.InboxEvent]):
    """`InboxService.WatchInbox` that resumes by itself (`ResumingStream`): it yields every `InboxEvent` (messages,
    `reset`, `live`, heartbeats) and watches again from the last position (`resume_from`) after UNAVAILABLE, so no
    message is missed or repeated.
    """

    ENDED = "the server ended the inbox watch"

    def _open(self) -> ServerStream[placements_pb2.InboxEvent]:
        request = placements_pb2.WatchInboxRequest(resume_from=self.position)
        return self._client.inbox.watch_inbox(request, metadata=self._metadata, timeout=self._timeout)


class Client:
    """A PôleStage client over one WebSocket (`polestage.grpc.v1`).

    `token` is sent as `authorization: Bearer <token>` on every call, `basin` as `polestage-basin`, `metadata` on
    every call too. Calls share one connection; when it closes or the server sends GOAWAY, the next call opens a
    new one. `max_batch_size` is announced in the client's SETTINGS: the largest BATCH message (several frames in
    one WebSocket message) the server may send, 0 for none. Stubs (`polestage._generated.stubs`, typed): `offers`,
    `reservations`, `calendar`, `contacts`, `admin`, `pupils`, `sign_in`, `applications`, `inbox`, `practice`, `health`.
    """

    def __init__(
        self,
        url: str,
        *,
        token: Optional[str] = None,
        basin: Optional[str] = None,
        metadata: MetadataLike = None,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        initial_window_size: int = DEFAULT_INITIAL_WINDOW_SIZE,
        max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
        connect_timeout: float = 10.0,
        **websocket_options: Any,
    ) -> None:
        self.url = url
        self._metadata: List[Tuple[str, Any]] = []
        if token is not None:
            self._metadata.append(("authorization", f"Bearer {token}"))
        if basin is not None:
            self._metadata.append(("polestage-basin", basin))
        self._metadata += _pairs(metadata)
        self._max_message_size = max_message_size
        self._initial_window_size = initial_window_size
        self._max_batch_size = max_batch_size
        self._connect_timeout = connect_timeout
        self._websocket_options = websocket_options
        self._connection: Optional[Connection] = None
        self._connecting: Optional[asyncio.Lock] = None  # made in the event loop (Python 3.9 binds it at creation)
        self._closed = False
        self.offers = OfferServiceStub(self)
        self.reservations = ReservationServiceStub(self)
        self.calendar = CalendarServiceStub(self)
        self.contacts = ContactServiceStub(self)
        self.admin = AdminServiceStub(self)
        self.pupils = PupilServiceStub(self)
        self.sign_in = SignInServiceStub(self)
        self.applications = ApplicationServiceStub(self)
        self.inbox = InboxServiceStub(self)
        self.practice = PracticeServiceStub(self)
        self.health = HealthStub(self)

    # -- the connection ------------------------------------------------------------------------------------------

    @property
    def connection(self) -> Optional[Connection]:
        """The current WebSocket connection, if one is open."""
        return self._connection

    async def connect(self) -> Client:
        """Opens the connection now (calls open it when needed anyway)."""
        await self._ensure_connection()
        return self

    async def _ensure_connection(self, timeout: Optional[float] = None) -> Connection:
        if self._closed:
            raise RpcError(StatusCode.UNAVAILABLE, "the client is closed")
        connection = self._connection
        if connection is not None and connection.usable:
            return connection
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            connection = self._connection
            if connection is not None and connection.usable:
                return connection
            if connection is not None and connection.open_streams == 0:
                asyncio.ensure_future(connection.close())
            open_timeout = self._connect_timeout if timeout is None else min(timeout, self._connect_timeout)
            try:
                connection = await Connection.open(
                    self.url,
                    max_message_size=self._max_message_size,
                    initial_window_size=self._initial_window_size,
                    max_batch_size=self._max_batch_size,
                    open_timeout=open_timeout,
                    **self._websocket_options,
                )
            except RpcError:
                raise
            except (OSError, asyncio.TimeoutError, websockets.InvalidHandshake, websockets.ConnectionClosed) as error:
                raise RpcError(StatusCode.UNAVAILABLE, f"cannot reach {self.url}: {error or type(error).__name__}")
            self._connection = connection
            return connection

    async def close(self) -> None:
        """Closes the connection; unfinished calls fail with UNAVAILABLE."""
        self._closed = True
        if self._connection is not None:
            await self._connection.close()

    async def __aenter__(self) -> Client:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- calls ---------------------------------------------------------------------------------------------------

    def _call_metadata(self, metadata: MetadataLike) -> List[Tuple[str, Any]]:
        extra = _pairs(metadata)
        if any(key.lower() == "authorization" for key, _ in extra):
            base = [(k, v) for k, v in self._metadata if k != "authorization"]
        else:
            base = self._metadata
        return base + extra

    async def _open(
        self,
        method: str,
        request: Message,
        timeout: Optional[float],
        metadata: MetadataLike,
        deadline: Optional[float] = None,
    ) -> Call:
        loop = asyncio.get_running_loop()
        if deadline is None and timeout is not None:
            deadline = loop.time() + timeout
        remaining = None if deadline is None else deadline - loop.time()
        if remaining is not None and remaining <= 0:
            raise RpcError(StatusCode.DEADLINE_EXCEEDED, "The RPC's deadline passed.")
        connection = await self._ensure_connection(remaining)
        return await connection.open_call(
            method, self._call_metadata(metadata), deadline=deadline, request=request.SerializeToString()
        )

    async def _unary(
        self,
        method: str,
        request: Message,
        response_type: Type[ResponseT],
        timeout: Optional[float],
        metadata: MetadataLike,
    ) -> ResponseT:
        deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
        for attempt in (0, 1):
            call = await self._open(method, request, timeout, metadata, deadline)
            response: Optional[bytes] = None
            try:
                while True:
                    data = await call.receive()
                    if data is None:
                        break
                    response = data
            except RpcError as error:
                # An OPEN the server saw after its GOAWAY ran no handler: safe to retry once on a new connection.
                goaway = call._connection.goaway
                if attempt == 0 and error.code == StatusCode.UNAVAILABLE and goaway is not None:
                    if call.stream_id > goaway.last_stream_id:
                        continue
                raise
            finally:
                call.cancel()  # no-op once TRAILERS came
            if response is None:
                raise RpcError(
                    StatusCode.UNIMPLEMENTED,
                    "the server sent no response message",
                    trailing_metadata=call.trailing_metadata,
                )
            return response_type.FromString(response)
        raise AssertionError("unreachable")

    async def call_unary(
        self,
        method: str,
        request: Message,
        response_type: Type[ResponseT],
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
    ) -> ResponseT:
        """A unary call by method path (`/package.Service/Method`)."""
        return await self._unary(method, request, response_type, timeout, metadata)

    def call_server_stream(
        self,
        method: str,
        request: Message,
        response_type: Type[ResponseT],
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
    ) -> ServerStream[ResponseT]:
        """A server-streaming call by method path."""
        return ServerStream(self, method, request, response_type, timeout, metadata)

    def subscribe(
        self,
        filter: Optional[offers_pb2.OfferFilter] = None,
        position: Optional[offers_pb2.StreamPosition] = None,
        *,
        snapshot: bool = False,
        **options: Any,
    ) -> Subscription:
        """`OfferService.Subscribe` with automatic resume (see `Subscription`). The options, by keyword, are
        `ResumingStream`'s: `metadata`, `backoff`, `on_reconnect`, `max_retries`, `timeout`."""
        return Subscription(self, filter, position, snapshot, **options)

    def watch_inbox(self, position: Optional[offers_pb2.StreamPosition] = None, **options: Any) -> InboxWatch:
        """`InboxService.WatchInbox` with automatic resume (see `InboxWatch`), from `position` (an event's, or an
        `InboxPage.head`) or from now. The options, by keyword, are `subscribe`'s."""
        return InboxWatch(self, position, **options)


def connect(url: str, **options: Any) -> Client:
    """A `Client` for `url` (e.g. `ws://127.0.0.1:8080/grpc`): `async with polestage.connect(url, token=...) as
    client:` opens the connection and closes it at the end."""
    return Client(url, **options)
