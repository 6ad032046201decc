"""gRPC status codes and the exception a failed call raises."""

from __future__ import annotations

import enum
from typing import Sequence, Tuple, Union

MetadataValue = Union[str, bytes]
Metadata = Sequence[Tuple[str, MetadataValue]]


class StatusCode(enum.IntEnum):
    """gRPC's status codes (docs/protocol.md, "Status codes"), under their canonical names."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16

    @classmethod
    def from_trailers(cls, code: int) -> "StatusCode":
        """A TRAILERS code above 16 is read as UNKNOWN."""
        return cls(code) if 0 <= code <= 16 else cls.UNKNOWN

    @classmethod
    def from_reset(cls, code: int) -> "StatusCode":
        """A RESET code that is 0 or above 16 is read as CANCELLED."""
        return cls(code) if 1 <= code <= 16 else cls.CANCELLED


class RpcError(Exception):
    """A call that ended with a status other than OK.

    `code` is a `StatusCode`, `message` the status message; `initial_metadata` and `trailing_metadata` are what the
    server sent (lists of `(key, value)`, bytes for `-bin` keys).
    """

    def __init__(
        self,
        code: StatusCode,
        message: str,
        *,
        initial_metadata: Metadata = (),
        trailing_metadata: Metadata = (),
    ) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.initial_metadata = list(initial_metadata)
        self.trailing_metadata = list(trailing_metadata)

    def __repr__(self) -> str:
        return f"RpcError({self.code.name}, {self.message!r})"
