from polestage._generated.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReservationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESERVATION_STATUS_UNSPECIFIED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_PENDING: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_CONFIRMED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_DECLINED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_CANCELLED: _ClassVar[ReservationStatus]
    RESERVATION_STATUS_EXPIRED: _ClassVar[ReservationStatus]
RESERVATION_STATUS_UNSPECIFIED: ReservationStatus
RESERVATION_STATUS_PENDING: ReservationStatus
RESERVATION_STATUS_CONFIRMED: ReservationStatus
RESERVATION_STATUS_DECLINED: ReservationStatus
RESERVATION_STATUS_CANCELLED: ReservationStatus
RESERVATION_STATUS_EXPIRED: ReservationStatus

class RequestSeatRequest(_message.Message):
    __slots__ = ("offer_id", "week", "pupil_ref", "level")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    PUPIL_REF_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    week: _types_pb2.IsoWeek
    pupil_ref: str
    level: _types_pb2.Level
    def __init__(self, offer_id: _Optional[int] = ..., week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., pupil_ref: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ...) -> None: ...

class ReservationRef(_message.Message):
    __slots__ = ("reservation_id",)
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    reservation_id: int
    def __init__(self, reservation_id: _Optional[int] = ...) -> None: ...

class Reservation(_message.Message):
    __slots__ = ("id", "offer_id", "week", "school_uai", "pupil_ref", "level", "status", "created_at_unix_ms", "expires_at_unix_ms", "decided_at_unix_ms")
    ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    PUPIL_REF_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    id: int
    offer_id: int
    week: _types_pb2.IsoWeek
    school_uai: str
    pupil_ref: str
    level: _types_pb2.Level
    status: ReservationStatus
    created_at_unix_ms: int
    expires_at_unix_ms: int
    decided_at_unix_ms: int
    def __init__(self, id: _Optional[int] = ..., offer_id: _Optional[int] = ..., week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., school_uai: _Optional[str] = ..., pupil_ref: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., status: _Optional[_Union[ReservationStatus, str]] = ..., created_at_unix_ms: _Optional[int] = ..., expires_at_unix_ms: _Optional[int] = ..., decided_at_unix_ms: _Optional[int] = ...) -> None: ...

class ListSchoolReservationsRequest(_message.Message):
    __slots__ = ("school_uai", "live_only")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    LIVE_ONLY_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    live_only: bool
    def __init__(self, school_uai: _Optional[str] = ..., live_only: bool = ...) -> None: ...

class ListOfferReservationsRequest(_message.Message):
    __slots__ = ("offer_id", "live_only")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    LIVE_ONLY_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    live_only: bool
    def __init__(self, offer_id: _Optional[int] = ..., live_only: bool = ...) -> None: ...

class ReservationList(_message.Message):
    __slots__ = ("reservations",)
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[Reservation]
    def __init__(self, reservations: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ...) -> None: ...
