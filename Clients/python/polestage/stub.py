"""What the generated stubs (`polestage._generated.stubs`) are made of: `Stub`, the typed methods `UnaryMethod` and
`ServerStreamMethod`, and the `ServerStream` a server-streaming call returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Coroutine, Dict, Generic, List, Optional, Tuple, Type, TypeVar, Union, cast

from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message

from .connection import Call
from .status import Metadata, MetadataValue

if TYPE_CHECKING:
    from .client import Client

MetadataLike = Union[Metadata, Dict[str, Any], None]
"""Call metadata: `(key, value)` pairs or a dict; values are `str`, or `bytes` for `-bin` keys."""

RequestT = TypeVar("RequestT", bound=Message)
ResponseT = TypeVar("ResponseT", bound=Message)


class ServerStream(Generic[ResponseT]):
    """The responses of a server-streaming call: an async iterator, and an async context manager that cancels the
    call (RESET) on exit. The stream opens on the first iteration. Closing it, cancelling the task that iterates, or
    dropping it before its end sends RESET."""

    def __init__(
        self,
        client: Client,
        method: str,
        request: Message,
        response_type: Type[ResponseT],
        timeout: Optional[float],
        metadata: MetadataLike,
    ) -> None:
        self._client = client
        self._method = method
        self._request = request
        self._response_type = response_type
        self._timeout = timeout
        self._metadata = metadata
        self._call: Optional[Call] = None
        self._closed = False

    @property
    def initial_metadata(self) -> List[Tuple[str, MetadataValue]]:
        return self._call.initial_metadata if self._call else []

    @property
    def trailing_metadata(self) -> List[Tuple[str, MetadataValue]]:
        return self._call.trailing_metadata if self._call else []

    def __aiter__(self) -> ServerStream[ResponseT]:
        return self

    async def __anext__(self) -> ResponseT:
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

    async def __aenter__(self) -> ServerStream[ResponseT]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cancel()

    def __del__(self) -> None:
        call = self._call
        if call is not None and not call.done:
            try:
                call.cancel()
            except RuntimeError:  # no event loop any more
                pass


class Method(Generic[RequestT, ResponseT]):
    """One method of a stub: `path` (`/package.Service/Method`), `descriptor`, `request_type`, `response_type`,
    `server_streaming`. Calling it takes the request message, or its fields as keyword arguments, and `timeout=`
    (seconds) and `metadata=`; `UnaryMethod` and `ServerStreamMethod` say what the call returns.

    A request of the same message from other generated code (grpcio-health-checking's grpc.health.v1 classes are not
    this client's, which live in a pool of their own) is converted: the wire form is the same. Another message is
    refused with `TypeError` when the method is called, before anything is sent.
    """

    def __init__(
        self,
        client: Client,
        descriptor: MethodDescriptor,
        request_type: Optional[Type[RequestT]] = None,
        response_type: Optional[Type[ResponseT]] = None,
    ) -> None:
        self._client = client
        self.descriptor = descriptor
        self.path = f"/{descriptor.containing_service.full_name}/{descriptor.name}"
        if descriptor.client_streaming:
            raise NotImplementedError(f"{self.path}: client streaming is not supported by this client")
        # Without the classes (a stub made from a descriptor alone), those of the descriptor's pool.
        self.request_type: Type[RequestT] = request_type or cast(
            Type[RequestT], message_factory.GetMessageClass(descriptor.input_type)
        )
        self.response_type: Type[ResponseT] = response_type or cast(
            Type[ResponseT], message_factory.GetMessageClass(descriptor.output_type)
        )
        pairs = ((self.request_type, descriptor.input_type), (self.response_type, descriptor.output_type))
        for given, expected in pairs:
            if given.DESCRIPTOR.full_name != expected.full_name:
                raise TypeError(f"{self.path} exchanges {expected.full_name}, not {given.DESCRIPTOR.full_name}")
        self.server_streaming: bool = descriptor.server_streaming

    def _request(self, request: Optional[Message], fields: Dict[str, Any]) -> RequestT:
        if request is None:
            return self.request_type(**fields)
        if fields:
            raise TypeError("pass either a request message or its fields, not both")
        if isinstance(request, self.request_type):
            return request
        if isinstance(request, Message) and request.DESCRIPTOR.full_name == self.request_type.DESCRIPTOR.full_name:
            return self.request_type.FromString(request.SerializeToString())
        raise TypeError(f"{self.path} takes a {self.request_type.DESCRIPTOR.full_name}")

    def __call__(
        self,
        request: Optional[RequestT] = None,
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
        **fields: Any,
    ) -> Union[Coroutine[Any, Any, ResponseT], ServerStream[ResponseT]]:
        message = self._request(request, fields)
        if self.server_streaming:
            return ServerStream(self._client, self.path, message, self.response_type, timeout, metadata)
        return self._client._unary(self.path, message, self.response_type, timeout, metadata)

    def __repr__(self) -> str:
        return f"<polestage method {self.path}>"


class UnaryMethod(Method[RequestT, ResponseT]):
    """A unary method: `response = await stub.method(request, timeout=..., metadata=...)`."""

    def __call__(
        self,
        request: Optional[RequestT] = None,
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
        **fields: Any,
    ) -> Coroutine[Any, Any, ResponseT]:
        message = self._request(request, fields)
        return self._client._unary(self.path, message, self.response_type, timeout, metadata)


class ServerStreamMethod(Method[RequestT, ResponseT]):
    """A server-streaming method: `async for response in stub.method(request, timeout=..., metadata=...)`; the
    `ServerStream` it returns is also an async context manager that cancels the call on exit."""

    def __call__(
        self,
        request: Optional[RequestT] = None,
        *,
        timeout: Optional[float] = None,
        metadata: MetadataLike = None,
        **fields: Any,
    ) -> ServerStream[ResponseT]:
        message = self._request(request, fields)
        return ServerStream(self._client, self.path, message, self.response_type, timeout, metadata)


class Stub:
    """The methods of one service. Its subclasses in `polestage._generated.stubs`, one per service, declare each
    method as a typed attribute named in snake_case (`CreateOffer` is `create_offer`); `methods` holds them by their
    .proto name."""

    def __init__(self, client: Client, descriptor: ServiceDescriptor) -> None:
        self._client = client
        self.descriptor = descriptor
        self.methods: Dict[str, Method[Any, Any]] = {}

    def _unary(
        self, name: str, request_type: Type[RequestT], response_type: Type[ResponseT]
    ) -> UnaryMethod[RequestT, ResponseT]:
        method = UnaryMethod(self._client, self._descriptor(name, server_streaming=False), request_type, response_type)
        self.methods[name] = method
        return method

    def _server_stream(
        self, name: str, request_type: Type[RequestT], response_type: Type[ResponseT]
    ) -> ServerStreamMethod[RequestT, ResponseT]:
        descriptor = self._descriptor(name, server_streaming=True)
        method = ServerStreamMethod(self._client, descriptor, request_type, response_type)
        self.methods[name] = method
        return method

    def _descriptor(self, name: str, *, server_streaming: bool) -> MethodDescriptor:
        descriptor = self.descriptor.methods_by_name[name]
        if descriptor.server_streaming != server_streaming:
            kind = "server-streaming" if server_streaming else "unary"
            raise TypeError(f"/{self.descriptor.full_name}/{name} is not {kind}: regenerate the stubs")
        return descriptor

    def __repr__(self) -> str:
        return f"<polestage stub {self.descriptor.full_name}>"
