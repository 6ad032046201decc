"""The asyncio client: one WebSocket per `Client`, typed stubs derived from the service descriptors, and the
resuming `subscribe` and `watch_inbox`."""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any, Awaitable, Callable, List, Optional, Tuple, Union

import websockets
from google.protobuf import message_factory
from google.protobuf.message import Message

from .admin.v1 import admin_pb2
from .calendar.v1 import calendar_pb2
from .connection import (
    DEFAULT_INITIAL_WINDOW_SIZE,
    DEFAULT_MAX_BATCH_SIZE,
    DEFAULT_MAX_MESSAGE_SIZE,
    Call,
    Connection,
)
from .contacts.v1 import contacts_pb2
from .grpc_health.v1 import health_pb2
from .offers.v1 import offers_pb2
from .placements.v1 import placements_pb2
from .reservations.v1 import reservations_pb2
from .status import Metadata, RpcError, StatusCode

MetadataLike = Union[Metadata, dict, None]


def _pairs(metadata: MetadataLike) -> List[Tuple[str, Any]]:
    if metadata is None:
        return []
    if isinstance(metadata, dict):
        return list(metadata.items())
    return list(metadata)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class ServerStream:
    """The responses of a server-streaming call: an async iterator, and an async context manager that cancels the
    call (RESET) on exit. The stream opens on the first iteration. Closing it, cancelling the task that iterates, or
    dropping it before its end sends RESET."""

    def __init__(self, client: "Client", method: str, request: Message, response_type, timeout, metadata) -> None:
        self._client = client
        self._method = method
        self._request = request
        self._response_type = response_type
        self._timeout = timeout
        self._metadata = metadata
        self._call: Optional[Call] = None
        self._closed = False

    @property
    def initial_metadata(self) -> list:
        return self._call.initial_metadata if self._call else []

    @property
    def trailing_metadata(self) -> list:
        return self._call.trailing_metadata if self._call else []

    def __aiter__(self) -> "ServerStream":
        return self

    async def __anext__(self):
        if self._closed:
            raise StopAsyncIteration
        if self._call is None:
            self._call = await self._client._open(self._method, self._request, self._timeout, self._metadata)
        data = await self._call.receive()
        if data is None:
            self._closed = True
            raise StopAsyncIteration
        return self._response_type.FromString(data)

    def cancel(self) -> None:
        """Abandons the call: RESET CANCELLED unless it has ended."""
        self._closed = True
        if self._call is not None:
            self._call.cancel()

    async def aclose(self) -> None:
        self.cancel()

    async def __aenter__(self) -> "ServerStream":
        return self

    async def __aexit__(self, *exc) -> None:
        self.cancel()

    def __del__(self) -> None:
        call = self._call
        if call is not None and not call.done:
            try:
                call.cancel()
            except RuntimeError:  # no event loop any more
                pass


class Method:
    """One method of a stub: `await stub.method(request, timeout=..., metadata=...)` for unary methods, `async for`
    over `stub.method(request)` for server-streaming ones. Keyword arguments build the request when it is omitted."""

    def __init__(self, client: "Client", descriptor) -> None:
        self._client = client
        self.descriptor = descriptor
        self.path = f"/{descriptor.containing_service.full_name}/{descriptor.name}"
        self.request_type = message_factory.GetMessageClass(descriptor.input_type)
        self.response_type = message_factory.GetMessageClass(descriptor.output_type)
        self.server_streaming = descriptor.server_streaming
        if descriptor.client_streaming:
            raise NotImplementedError(f"{self.path}: client streaming is not supported by this client")

    def _request(self, request: Optional[Message], fields: dict) -> Message:
        if request is None:
            return self.request_type(**fields)
        if fields:
            raise TypeError("pass either a request message or its fields, not both")
        if not isinstance(request, self.request_type):
            # The same message from other generated code (grpcio-health-checking's grpc.health.v1 classes are not
            # this client's, which live in a pool of their own): the same wire form.
            if isinstance(request, Message) and request.DESCRIPTOR.full_name == self.request_type.DESCRIPTOR.full_name:
                return self.request_type.FromString(request.SerializeToString())
            raise TypeError(f"{self.path} takes a {self.request_type.DESCRIPTOR.full_name}")
        return request

    def __call__(
        self,
        request: Optional[Message] = None,
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
        **fields,
    ):
        message = self._request(request, fields)
        if self.server_streaming:
            return ServerStream(self._client, self.path, message, self.response_type, timeout, metadata)
        return self._client._unary(self.path, message, self.response_type, timeout, metadata)

    def __repr__(self) -> str:
        return f"<polestage method {self.path}>"


class Stub:
    """The methods of one service, under snake_case names (`CreateOffer` is `create_offer`), derived from its
    descriptor."""

    def __init__(self, client: "Client", service_descriptor) -> None:
        self.descriptor = service_descriptor
        self.methods = {}
        for method in service_descriptor.methods:
            bound = Method(client, method)
            self.methods[method.name] = bound
            setattr(self, _snake(method.name), bound)

    def __repr__(self) -> str:
        return f"<polestage stub {self.descriptor.full_name}>"


def _backoff(attempt: int, initial: float = 0.5, maximum: float = 30.0) -> float:
    return min(initial * (2**attempt), maximum)


class ResumingStream:
    """A server stream of positioned events that resumes by itself, the base of `Subscription` and `InboxWatch`: the
    position of every event is kept (`position`), and when the call fails with UNAVAILABLE (the connection dropped,
    the server restarted or is shutting down) it reconnects with backoff and calls again from that position, so no
    event is missed or repeated.

    Iterate it with `async for`; it is also an async context manager. Closing it or cancelling its task sends RESET.
    Other statuses (a bad token, a bad request, a deadline) end it with `RpcError`. A subclass says how to open the
    call (`_open`) and may follow the events (`_observe`).

    `backoff(attempt)` gives the seconds to wait before reconnection attempt `attempt` (0.5 s doubling up to 30 s by
    default); `on_reconnect(error, attempt)` is called (and awaited if it returns an awaitable) before each wait; at
    most `max_retries` reconnections in a row without an event (None: no limit), then the error is raised. `metadata`
    and `timeout` apply to each call.
    """

    RETRY_CODES = frozenset({StatusCode.UNAVAILABLE})
    ENDED = "the server ended the stream"

    def __init__(
        self,
        client: "Client",
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
        self._stream: Optional[ServerStream] = None
        self._closed = False
        self._attempt = 0
        self.reconnects = 0

    def _open(self) -> ServerStream:
        """The call, from `position` when set."""
        raise NotImplementedError

    def _observe(self, event) -> None:
        """Sees each event before it is returned."""

    def __aiter__(self) -> "ResumingStream":
        return self

    async def __anext__(self):
        while True:
            if self._closed:
                raise StopAsyncIteration
            if self._stream is None:
                self._stream = self._open()
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

    async def __aenter__(self) -> "ResumingStream":
        return self

    async def __aexit__(self, *exc) -> None:
        self.cancel()


class Subscription(ResumingStream):
    """`OfferService.Subscribe` that resumes by itself (`ResumingStream`): it yields every `OfferEvent` and
    subscribes again from the last position after UNAVAILABLE, so no change is missed or repeated. A drop in the
    middle of a snapshot asks for the snapshot again. The parameters after `snapshot` (metadata, backoff,
    on_reconnect, max_retries, timeout) are `ResumingStream`'s.
    """

    ENDED = "the server ended the subscription"

    def __init__(
        self,
        client: "Client",
        filter: Optional[offers_pb2.OfferFilter],
        position: Optional[offers_pb2.StreamPosition],
        snapshot: bool,
        *options,
        **named_options,
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

    def _open(self) -> ServerStream:
        return self._client.offers.subscribe(self._request(), metadata=self._metadata, timeout=self._timeout)

    def _observe(self, event: offers_pb2.OfferEvent) -> None:
        kind = event.WhichOneof("event")
        if kind == "reset":
            self._in_snapshot = True
        elif kind == "snapshot":
            self._in_snapshot = not event.snapshot.last
        elif kind in ("change", "live"):
            self._in_snapshot = False


class InboxWatch(ResumingStream):
    """`InboxService.WatchInbox` that resumes by itself (`ResumingStream`): it yields every `InboxEvent` (messages,
    `reset`, `live`, heartbeats) and watches again from the last position (`resume_from`) after UNAVAILABLE, so no
    message is missed or repeated.
    """

    ENDED = "the server ended the inbox watch"

    def _open(self) -> ServerStream:
        request = placements_pb2.WatchInboxRequest(resume_from=self.position)
        return self._client.inbox.watch_inbox(request, metadata=self._metadata, timeout=self._timeout)


class Client:
    """A PôleStage client over one WebSocket (`polestage.grpc.v1`).

    `token` is sent as `authorization: Bearer <token>` on every call, `basin` as `polestage-basin`, `metadata` on
    every call too. Calls share one connection; when it closes or the server sends GOAWAY, the next call opens a
    new one. `max_batch_size` is announced in the client's SETTINGS: the largest BATCH message (several frames in
    one WebSocket message) the server may send, 0 for none. Stubs: `offers`, `reservations`, `calendar`, `contacts`,
    `admin`, `pupils`, `sign_in`, `applications`, `inbox`, `health`.
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
        **websocket_options,
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
        self.offers = Stub(self, offers_pb2.DESCRIPTOR.services_by_name["OfferService"])
        self.reservations = Stub(self, reservations_pb2.DESCRIPTOR.services_by_name["ReservationService"])
        self.calendar = Stub(self, calendar_pb2.DESCRIPTOR.services_by_name["CalendarService"])
        self.contacts = Stub(self, contacts_pb2.DESCRIPTOR.services_by_name["ContactService"])
        self.admin = Stub(self, admin_pb2.DESCRIPTOR.services_by_name["AdminService"])
        placements = placements_pb2.DESCRIPTOR.services_by_name
        self.pupils = Stub(self, placements["PupilService"])
        self.sign_in = Stub(self, placements["SignInService"])
        self.applications = Stub(self, placements["ApplicationService"])
        self.inbox = Stub(self, placements["InboxService"])
        self.health = Stub(self, health_pb2.DESCRIPTOR.services_by_name["Health"])

    # -- the connection ------------------------------------------------------------------------------------------

    @property
    def connection(self) -> Optional[Connection]:
        """The current WebSocket connection, if one is open."""
        return self._connection

    async def connect(self) -> "Client":
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

    async def __aenter__(self) -> "Client":
        return await self.connect()

    async def __aexit__(self, *exc) -> None:
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

    async def _unary(self, method, request, response_type, timeout, metadata):
        deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
        for attempt in (0, 1):
            call = await self._open(method, request, timeout, metadata, deadline)
            response = None
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

    async def call_unary(self, method: str, request: Message, response_type, *, timeout=None, metadata=None):
        """A unary call by method path (`/package.Service/Method`)."""
        return await self._unary(method, request, response_type, timeout, metadata)

    def call_server_stream(self, method: str, request: Message, response_type, *, timeout=None, metadata=None):
        """A server-streaming call by method path."""
        return ServerStream(self, method, request, response_type, timeout, metadata)

    def subscribe(
        self,
        filter: Optional[offers_pb2.OfferFilter] = None,
        position: Optional[offers_pb2.StreamPosition] = None,
        *,
        snapshot: bool = False,
        **options,
    ) -> Subscription:
        """`OfferService.Subscribe` with automatic resume (see `Subscription`). The options, by keyword, are
        `ResumingStream`'s: `metadata`, `backoff`, `on_reconnect`, `max_retries`, `timeout`."""
        return Subscription(self, filter, position, snapshot, **options)

    def watch_inbox(self, position: Optional[offers_pb2.StreamPosition] = None, **options) -> InboxWatch:
        """`InboxService.WatchInbox` with automatic resume (see `InboxWatch`), from `position` (an event's, or an
        `InboxPage.head`) or from now. The options, by keyword, are `subscribe`'s."""
        return InboxWatch(self, position, **options)


def connect(url: str, **options) -> Client:
    """A `Client` for `url` (e.g. `ws://127.0.0.1:8080/grpc`): `async with polestage.connect(url, token=...) as
    client:` opens the connection and closes it at the end."""
    return Client(url, **options)
