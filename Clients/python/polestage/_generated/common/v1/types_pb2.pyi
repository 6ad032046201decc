from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class Level(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEVEL_UNSPECIFIED: _ClassVar[Level]
    LEVEL_3E_OBSERVATION: _ClassVar[Level]
    LEVEL_3E_PREPA_METIERS: _ClassVar[Level]
    LEVEL_SEGPA: _ClassVar[Level]
    LEVEL_CAP: _ClassVar[Level]
    LEVEL_BAC_PRO: _ClassVar[Level]
    LEVEL_BTS: _ClassVar[Level]
LEVEL_UNSPECIFIED: Level
LEVEL_3E_OBSERVATION: Level
LEVEL_3E_PREPA_METIERS: Level
LEVEL_SEGPA: Level
LEVEL_CAP: Level
LEVEL_BAC_PRO: Level
LEVEL_BTS: Level

class IsoWeek(_message.Message):
    __slots__ = ("year", "week")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    year: int
    week: int
    def __init__(self, year: _Optional[int] = ..., week: _Optional[int] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Address(_message.Message):
    __slots__ = ("street", "postal_code", "commune")
    STREET_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_FIELD_NUMBER: _ClassVar[int]
    street: str
    postal_code: str
    commune: str
    def __init__(self, street: _Optional[str] = ..., postal_code: _Optional[str] = ..., commune: _Optional[str] = ...) -> None: ...
