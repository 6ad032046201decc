from polestage._generated.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SchoolPeriod(_message.Message):
    __slots__ = ("level", "from_week", "to_week", "pupils", "trade_code")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    PUPILS_FIELD_NUMBER: _ClassVar[int]
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.Level
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    pupils: int
    trade_code: str
    def __init__(self, level: _Optional[_Union[_types_pb2.Level, str]] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., pupils: _Optional[int] = ..., trade_code: _Optional[str] = ...) -> None: ...

class SetSchoolPeriodsRequest(_message.Message):
    __slots__ = ("school_uai", "periods")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    periods: _containers.RepeatedCompositeFieldContainer[SchoolPeriod]
    def __init__(self, school_uai: _Optional[str] = ..., periods: _Optional[_Iterable[_Union[SchoolPeriod, _Mapping]]] = ...) -> None: ...

class SchoolCalendarRequest(_message.Message):
    __slots__ = ("school_uai",)
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    def __init__(self, school_uai: _Optional[str] = ...) -> None: ...

class SchoolCalendar(_message.Message):
    __slots__ = ("school_uai", "periods")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    periods: _containers.RepeatedCompositeFieldContainer[SchoolPeriod]
    def __init__(self, school_uai: _Optional[str] = ..., periods: _Optional[_Iterable[_Union[SchoolPeriod, _Mapping]]] = ...) -> None: ...

class WeekRange(_message.Message):
    __slots__ = ("from_week", "to_week")
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    def __init__(self, from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ...) -> None: ...

class BasinCalendar(_message.Message):
    __slots__ = ("schools",)
    SCHOOLS_FIELD_NUMBER: _ClassVar[int]
    schools: _containers.RepeatedCompositeFieldContainer[SchoolCalendar]
    def __init__(self, schools: _Optional[_Iterable[_Union[SchoolCalendar, _Mapping]]] = ...) -> None: ...

class WeekLoad(_message.Message):
    __slots__ = ("week", "trade_code", "pupils_out", "seats_offered", "seats_free")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    PUPILS_OUT_FIELD_NUMBER: _ClassVar[int]
    SEATS_OFFERED_FIELD_NUMBER: _ClassVar[int]
    SEATS_FREE_FIELD_NUMBER: _ClassVar[int]
    week: _types_pb2.IsoWeek
    trade_code: str
    pupils_out: int
    seats_offered: int
    seats_free: int
    def __init__(self, week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., trade_code: _Optional[str] = ..., pupils_out: _Optional[int] = ..., seats_offered: _Optional[int] = ..., seats_free: _Optional[int] = ...) -> None: ...

class Load(_message.Message):
    __slots__ = ("weeks",)
    WEEKS_FIELD_NUMBER: _ClassVar[int]
    weeks: _containers.RepeatedCompositeFieldContainer[WeekLoad]
    def __init__(self, weeks: _Optional[_Iterable[_Union[WeekLoad, _Mapping]]] = ...) -> None: ...
