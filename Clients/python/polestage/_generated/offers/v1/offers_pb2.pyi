from polestage._generated.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OfferStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFER_STATUS_UNSPECIFIED: _ClassVar[OfferStatus]
    OFFER_STATUS_DRAFT: _ClassVar[OfferStatus]
    OFFER_STATUS_PUBLISHED: _ClassVar[OfferStatus]
    OFFER_STATUS_FULL: _ClassVar[OfferStatus]
    OFFER_STATUS_TO_UPDATE: _ClassVar[OfferStatus]
    OFFER_STATUS_WITHDRAWN: _ClassVar[OfferStatus]

class ChangeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANGE_KIND_UNSPECIFIED: _ClassVar[ChangeKind]
    CHANGE_KIND_OFFER_CREATED: _ClassVar[ChangeKind]
    CHANGE_KIND_OFFER_UPDATED: _ClassVar[ChangeKind]
    CHANGE_KIND_OFFER_PUBLISHED: _ClassVar[ChangeKind]
    CHANGE_KIND_OFFER_WITHDRAWN: _ClassVar[ChangeKind]
    CHANGE_KIND_SEATS_TAKEN: _ClassVar[ChangeKind]
    CHANGE_KIND_SEATS_FREED: _ClassVar[ChangeKind]
OFFER_STATUS_UNSPECIFIED: OfferStatus
OFFER_STATUS_DRAFT: OfferStatus
OFFER_STATUS_PUBLISHED: OfferStatus
OFFER_STATUS_FULL: OfferStatus
OFFER_STATUS_TO_UPDATE: OfferStatus
OFFER_STATUS_WITHDRAWN: OfferStatus
CHANGE_KIND_UNSPECIFIED: ChangeKind
CHANGE_KIND_OFFER_CREATED: ChangeKind
CHANGE_KIND_OFFER_UPDATED: ChangeKind
CHANGE_KIND_OFFER_PUBLISHED: ChangeKind
CHANGE_KIND_OFFER_WITHDRAWN: ChangeKind
CHANGE_KIND_SEATS_TAKEN: ChangeKind
CHANGE_KIND_SEATS_FREED: ChangeKind

class PeriodSeats(_message.Message):
    __slots__ = ("week", "seats")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    week: _types_pb2.IsoWeek
    seats: int
    def __init__(self, week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., seats: _Optional[int] = ...) -> None: ...

class Period(_message.Message):
    __slots__ = ("week", "seats", "seats_taken", "seats_free", "seats_held_for_priority", "held_until_unix_ms")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    SEATS_TAKEN_FIELD_NUMBER: _ClassVar[int]
    SEATS_FREE_FIELD_NUMBER: _ClassVar[int]
    SEATS_HELD_FOR_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    HELD_UNTIL_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    week: _types_pb2.IsoWeek
    seats: int
    seats_taken: int
    seats_free: int
    seats_held_for_priority: int
    held_until_unix_ms: int
    def __init__(self, week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., seats: _Optional[int] = ..., seats_taken: _Optional[int] = ..., seats_free: _Optional[int] = ..., seats_held_for_priority: _Optional[int] = ..., held_until_unix_ms: _Optional[int] = ...) -> None: ...

class OfferDetails(_message.Message):
    __slots__ = ("trade_code", "title", "description", "levels", "periods", "address", "location", "accessible", "transit_access", "reserved_for_school", "accessibility", "transit", "lunch_provided", "lodging_provided")
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBLE_FIELD_NUMBER: _ClassVar[int]
    TRANSIT_ACCESS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_FOR_SCHOOL_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_FIELD_NUMBER: _ClassVar[int]
    TRANSIT_FIELD_NUMBER: _ClassVar[int]
    LUNCH_PROVIDED_FIELD_NUMBER: _ClassVar[int]
    LODGING_PROVIDED_FIELD_NUMBER: _ClassVar[int]
    trade_code: str
    title: str
    description: str
    levels: _containers.RepeatedScalarFieldContainer[_types_pb2.Level]
    periods: _containers.RepeatedCompositeFieldContainer[PeriodSeats]
    address: _types_pb2.Address
    location: _types_pb2.GeoPoint
    accessible: bool
    transit_access: str
    reserved_for_school: str
    accessibility: Accessibility
    transit: TransitStop
    lunch_provided: bool
    lodging_provided: bool
    def __init__(self, trade_code: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., levels: _Optional[_Iterable[_Union[_types_pb2.Level, str]]] = ..., periods: _Optional[_Iterable[_Union[PeriodSeats, _Mapping]]] = ..., address: _Optional[_Union[_types_pb2.Address, _Mapping]] = ..., location: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., accessible: bool = ..., transit_access: _Optional[str] = ..., reserved_for_school: _Optional[str] = ..., accessibility: _Optional[_Union[Accessibility, _Mapping]] = ..., transit: _Optional[_Union[TransitStop, _Mapping]] = ..., lunch_provided: bool = ..., lodging_provided: bool = ...) -> None: ...

class TransitStop(_message.Message):
    __slots__ = ("stop", "lines", "walk_minutes")
    STOP_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    WALK_MINUTES_FIELD_NUMBER: _ClassVar[int]
    stop: str
    lines: _containers.RepeatedScalarFieldContainer[str]
    walk_minutes: int
    def __init__(self, stop: _Optional[str] = ..., lines: _Optional[_Iterable[str]] = ..., walk_minutes: _Optional[int] = ...) -> None: ...

class Accessibility(_message.Message):
    __slots__ = ("step_free", "adapted_tasks", "trained_tutor")
    STEP_FREE_FIELD_NUMBER: _ClassVar[int]
    ADAPTED_TASKS_FIELD_NUMBER: _ClassVar[int]
    TRAINED_TUTOR_FIELD_NUMBER: _ClassVar[int]
    step_free: bool
    adapted_tasks: bool
    trained_tutor: bool
    def __init__(self, step_free: bool = ..., adapted_tasks: bool = ..., trained_tutor: bool = ...) -> None: ...

class CreateOfferRequest(_message.Message):
    __slots__ = ("company_siret", "details", "external_ref", "publish")
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_FIELD_NUMBER: _ClassVar[int]
    company_siret: str
    details: OfferDetails
    external_ref: str
    publish: bool
    def __init__(self, company_siret: _Optional[str] = ..., details: _Optional[_Union[OfferDetails, _Mapping]] = ..., external_ref: _Optional[str] = ..., publish: bool = ...) -> None: ...

class UpdateOfferRequest(_message.Message):
    __slots__ = ("offer_id", "details", "expected_version")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    details: OfferDetails
    expected_version: int
    def __init__(self, offer_id: _Optional[int] = ..., details: _Optional[_Union[OfferDetails, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class OfferRef(_message.Message):
    __slots__ = ("offer_id",)
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    def __init__(self, offer_id: _Optional[int] = ...) -> None: ...

class Offer(_message.Message):
    __slots__ = ("id", "company_siret", "company_name", "trade_label", "details", "periods", "external_ref", "status", "version", "updated_at_unix_ms", "distance_km", "priority_until_unix_ms", "reachable")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    TRADE_LABEL_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_UNTIL_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    REACHABLE_FIELD_NUMBER: _ClassVar[int]
    id: int
    company_siret: str
    company_name: str
    trade_label: str
    details: OfferDetails
    periods: _containers.RepeatedCompositeFieldContainer[Period]
    external_ref: str
    status: OfferStatus
    version: int
    updated_at_unix_ms: int
    distance_km: float
    priority_until_unix_ms: int
    reachable: bool
    def __init__(self, id: _Optional[int] = ..., company_siret: _Optional[str] = ..., company_name: _Optional[str] = ..., trade_label: _Optional[str] = ..., details: _Optional[_Union[OfferDetails, _Mapping]] = ..., periods: _Optional[_Iterable[_Union[Period, _Mapping]]] = ..., external_ref: _Optional[str] = ..., status: _Optional[_Union[OfferStatus, str]] = ..., version: _Optional[int] = ..., updated_at_unix_ms: _Optional[int] = ..., distance_km: _Optional[float] = ..., priority_until_unix_ms: _Optional[int] = ..., reachable: bool = ...) -> None: ...

class SearchOffersRequest(_message.Message):
    __slots__ = ("text", "trade_codes", "level", "from_week", "to_week", "near", "radius_km", "accessible_only", "free_seats_only", "page_size", "page_token", "include_inactive", "pupil_id", "reachable_only", "company_siret")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    TRADE_CODES_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    NEAR_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBLE_ONLY_FIELD_NUMBER: _ClassVar[int]
    FREE_SEATS_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    REACHABLE_ONLY_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    text: str
    trade_codes: _containers.RepeatedScalarFieldContainer[str]
    level: _types_pb2.Level
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    near: _types_pb2.GeoPoint
    radius_km: float
    accessible_only: bool
    free_seats_only: bool
    page_size: int
    page_token: str
    include_inactive: bool
    pupil_id: int
    reachable_only: bool
    company_siret: str
    def __init__(self, text: _Optional[str] = ..., trade_codes: _Optional[_Iterable[str]] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., near: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., radius_km: _Optional[float] = ..., accessible_only: bool = ..., free_seats_only: bool = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_inactive: bool = ..., pupil_id: _Optional[int] = ..., reachable_only: bool = ..., company_siret: _Optional[str] = ...) -> None: ...

class SearchOffersResponse(_message.Message):
    __slots__ = ("offers", "next_page_token")
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    offers: _containers.RepeatedCompositeFieldContainer[Offer]
    next_page_token: str
    def __init__(self, offers: _Optional[_Iterable[_Union[Offer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class StreamPosition(_message.Message):
    __slots__ = ("epoch", "offset")
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    offset: int
    def __init__(self, epoch: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class OfferFilter(_message.Message):
    __slots__ = ("trade_codes", "levels", "from_week", "to_week", "near", "radius_km", "accessible_only", "free_seats_only", "pupil_id", "reachable_only")
    TRADE_CODES_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    NEAR_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBLE_ONLY_FIELD_NUMBER: _ClassVar[int]
    FREE_SEATS_ONLY_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    REACHABLE_ONLY_FIELD_NUMBER: _ClassVar[int]
    trade_codes: _containers.RepeatedScalarFieldContainer[str]
    levels: _containers.RepeatedScalarFieldContainer[_types_pb2.Level]
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    near: _types_pb2.GeoPoint
    radius_km: float
    accessible_only: bool
    free_seats_only: bool
    pupil_id: int
    reachable_only: bool
    def __init__(self, trade_codes: _Optional[_Iterable[str]] = ..., levels: _Optional[_Iterable[_Union[_types_pb2.Level, str]]] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., near: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., radius_km: _Optional[float] = ..., accessible_only: bool = ..., free_seats_only: bool = ..., pupil_id: _Optional[int] = ..., reachable_only: bool = ...) -> None: ...

class SubscribeRequest(_message.Message):
    __slots__ = ("filter", "resume_from", "snapshot")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    RESUME_FROM_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    filter: OfferFilter
    resume_from: StreamPosition
    snapshot: bool
    def __init__(self, filter: _Optional[_Union[OfferFilter, _Mapping]] = ..., resume_from: _Optional[_Union[StreamPosition, _Mapping]] = ..., snapshot: bool = ...) -> None: ...

class OfferChange(_message.Message):
    __slots__ = ("kind", "offer", "week", "at_unix_ms")
    KIND_FIELD_NUMBER: _ClassVar[int]
    OFFER_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    kind: ChangeKind
    offer: Offer
    week: _types_pb2.IsoWeek
    at_unix_ms: int
    def __init__(self, kind: _Optional[_Union[ChangeKind, str]] = ..., offer: _Optional[_Union[Offer, _Mapping]] = ..., week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., at_unix_ms: _Optional[int] = ...) -> None: ...

class StreamReset(_message.Message):
    __slots__ = ("reason", "message")
    class Reason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        REASON_UNSPECIFIED: _ClassVar[StreamReset.Reason]
        REASON_EPOCH_CHANGED: _ClassVar[StreamReset.Reason]
        REASON_TOO_OLD: _ClassVar[StreamReset.Reason]
        REASON_AHEAD: _ClassVar[StreamReset.Reason]
    REASON_UNSPECIFIED: StreamReset.Reason
    REASON_EPOCH_CHANGED: StreamReset.Reason
    REASON_TOO_OLD: StreamReset.Reason
    REASON_AHEAD: StreamReset.Reason
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    reason: StreamReset.Reason
    message: str
    def __init__(self, reason: _Optional[_Union[StreamReset.Reason, str]] = ..., message: _Optional[str] = ...) -> None: ...

class Snapshot(_message.Message):
    __slots__ = ("offers", "last")
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    LAST_FIELD_NUMBER: _ClassVar[int]
    offers: _containers.RepeatedCompositeFieldContainer[Offer]
    last: bool
    def __init__(self, offers: _Optional[_Iterable[_Union[Offer, _Mapping]]] = ..., last: bool = ...) -> None: ...

class Live(_message.Message):
    __slots__ = ("origin",)
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    origin: _types_pb2.GeoPoint
    def __init__(self, origin: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class OfferEvent(_message.Message):
    __slots__ = ("position", "change", "reset", "snapshot", "live", "heartbeat")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    RESET_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    position: StreamPosition
    change: OfferChange
    reset: StreamReset
    snapshot: Snapshot
    live: Live
    heartbeat: Heartbeat
    def __init__(self, position: _Optional[_Union[StreamPosition, _Mapping]] = ..., change: _Optional[_Union[OfferChange, _Mapping]] = ..., reset: _Optional[_Union[StreamReset, _Mapping]] = ..., snapshot: _Optional[_Union[Snapshot, _Mapping]] = ..., live: _Optional[_Union[Live, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ...) -> None: ...

class GetPresenceRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Presence(_message.Message):
    __slots__ = ("basin", "subscribers", "head")
    BASIN_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBERS_FIELD_NUMBER: _ClassVar[int]
    HEAD_FIELD_NUMBER: _ClassVar[int]
    basin: str
    subscribers: int
    head: StreamPosition
    def __init__(self, basin: _Optional[str] = ..., subscribers: _Optional[int] = ..., head: _Optional[_Union[StreamPosition, _Mapping]] = ...) -> None: ...
