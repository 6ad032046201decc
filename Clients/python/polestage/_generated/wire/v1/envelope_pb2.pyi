from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MetadataEntry(_message.Message):
    __slots__ = ("key", "ascii_value", "binary_value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    ASCII_VALUE_FIELD_NUMBER: _ClassVar[int]
    BINARY_VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    ascii_value: str
    binary_value: bytes
    def __init__(self, key: _Optional[str] = ..., ascii_value: _Optional[str] = ..., binary_value: _Optional[bytes] = ...) -> None: ...

class OpenStream(_message.Message):
    __slots__ = ("method", "metadata", "request_message")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    method: str
    metadata: _containers.RepeatedCompositeFieldContainer[MetadataEntry]
    request_message: bytes
    def __init__(self, method: _Optional[str] = ..., metadata: _Optional[_Iterable[_Union[MetadataEntry, _Mapping]]] = ..., request_message: _Optional[bytes] = ...) -> None: ...

class ResponseHeaders(_message.Message):
    __slots__ = ("metadata",)
    METADATA_FIELD_NUMBER: _ClassVar[int]
    metadata: _containers.RepeatedCompositeFieldContainer[MetadataEntry]
    def __init__(self, metadata: _Optional[_Iterable[_Union[MetadataEntry, _Mapping]]] = ...) -> None: ...

class Trailers(_message.Message):
    __slots__ = ("code", "message", "metadata", "response_message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    metadata: _containers.RepeatedCompositeFieldContainer[MetadataEntry]
    response_message: bytes
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ..., metadata: _Optional[_Iterable[_Union[MetadataEntry, _Mapping]]] = ..., response_message: _Optional[bytes] = ...) -> None: ...

class Reset(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class Settings(_message.Message):
    __slots__ = ("version", "max_message_size", "max_concurrent_streams", "initial_window_size", "max_batch_size", "credit_requests")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_STREAMS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_WINDOW_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    CREDIT_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    version: int
    max_message_size: int
    max_concurrent_streams: int
    initial_window_size: int
    max_batch_size: int
    credit_requests: bool
    def __init__(self, version: _Optional[int] = ..., max_message_size: _Optional[int] = ..., max_concurrent_streams: _Optional[int] = ..., initial_window_size: _Optional[int] = ..., max_batch_size: _Optional[int] = ..., credit_requests: bool = ...) -> None: ...

class GoAway(_message.Message):
    __slots__ = ("last_stream_id", "code", "message")
    LAST_STREAM_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    last_stream_id: int
    code: int
    message: str
    def __init__(self, last_stream_id: _Optional[int] = ..., code: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...
