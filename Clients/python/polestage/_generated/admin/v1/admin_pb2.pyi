from google.protobuf import field_mask_pb2 as _field_mask_pb2
from polestage._generated.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PurgeEndedSchoolYearsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BasinPurge(_message.Message):
    __slots__ = ("basin_id", "pupils_deleted")
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    PUPILS_DELETED_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    pupils_deleted: int
    def __init__(self, basin_id: _Optional[str] = ..., pupils_deleted: _Optional[int] = ...) -> None: ...

class PurgeReport(_message.Message):
    __slots__ = ("basins", "retention_days")
    BASINS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    basins: _containers.RepeatedCompositeFieldContainer[BasinPurge]
    retention_days: int
    def __init__(self, basins: _Optional[_Iterable[_Union[BasinPurge, _Mapping]]] = ..., retention_days: _Optional[int] = ...) -> None: ...

class Basin(_message.Message):
    __slots__ = ("id", "name", "archived", "school_count", "offer_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_COUNT_FIELD_NUMBER: _ClassVar[int]
    OFFER_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    archived: bool
    school_count: int
    offer_count: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., archived: bool = ..., school_count: _Optional[int] = ..., offer_count: _Optional[int] = ...) -> None: ...

class CreateBasinRequest(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RenameBasinRequest(_message.Message):
    __slots__ = ("basin_id", "name")
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    name: str
    def __init__(self, basin_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class BasinRef(_message.Message):
    __slots__ = ("basin_id",)
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    def __init__(self, basin_id: _Optional[str] = ...) -> None: ...

class ListBasinsRequest(_message.Message):
    __slots__ = ("include_archived",)
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    include_archived: bool
    def __init__(self, include_archived: bool = ...) -> None: ...

class BasinList(_message.Message):
    __slots__ = ("basins",)
    BASINS_FIELD_NUMBER: _ClassVar[int]
    basins: _containers.RepeatedCompositeFieldContainer[Basin]
    def __init__(self, basins: _Optional[_Iterable[_Union[Basin, _Mapping]]] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("user_id", "role", "basin_id", "school_uai", "company_siret", "active")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: str
    basin_id: str
    school_uai: str
    company_siret: str
    active: bool
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[str] = ..., basin_id: _Optional[str] = ..., school_uai: _Optional[str] = ..., company_siret: _Optional[str] = ..., active: bool = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ("user_id", "role", "basin_id", "school_uai", "company_siret")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: str
    basin_id: str
    school_uai: str
    company_siret: str
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[str] = ..., basin_id: _Optional[str] = ..., school_uai: _Optional[str] = ..., company_siret: _Optional[str] = ...) -> None: ...

class AssignAnimatorRequest(_message.Message):
    __slots__ = ("user_id", "basin_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    basin_id: str
    def __init__(self, user_id: _Optional[str] = ..., basin_id: _Optional[str] = ...) -> None: ...

class UserRef(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class IssueTokenRequest(_message.Message):
    __slots__ = ("user_id", "lifetime_seconds")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LIFETIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    lifetime_seconds: int
    def __init__(self, user_id: _Optional[str] = ..., lifetime_seconds: _Optional[int] = ...) -> None: ...

class IssuedToken(_message.Message):
    __slots__ = ("token", "token_id", "expires_at", "user")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    token: str
    token_id: str
    expires_at: int
    user: User
    def __init__(self, token: _Optional[str] = ..., token_id: _Optional[str] = ..., expires_at: _Optional[int] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class InviteUserRequest(_message.Message):
    __slots__ = ("user_id", "role", "basin_id", "school_uai", "company_siret", "lifetime_hours")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    LIFETIME_HOURS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    role: str
    basin_id: str
    school_uai: str
    company_siret: str
    lifetime_hours: int
    def __init__(self, user_id: _Optional[str] = ..., role: _Optional[str] = ..., basin_id: _Optional[str] = ..., school_uai: _Optional[str] = ..., company_siret: _Optional[str] = ..., lifetime_hours: _Optional[int] = ...) -> None: ...

class Invite(_message.Message):
    __slots__ = ("user", "code", "path", "expires_at")
    USER_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    user: User
    code: str
    path: str
    expires_at: int
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., code: _Optional[str] = ..., path: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class RevokeTokenRequest(_message.Message):
    __slots__ = ("token_id",)
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    def __init__(self, token_id: _Optional[str] = ...) -> None: ...

class RevokedToken(_message.Message):
    __slots__ = ("token_id", "revoked_at")
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    revoked_at: int
    def __init__(self, token_id: _Optional[str] = ..., revoked_at: _Optional[int] = ...) -> None: ...

class ListTokensRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class TokenInfo(_message.Message):
    __slots__ = ("token_id", "user_id", "role", "basin_id", "school_uai", "company_siret", "issued_at", "expires_at", "revoked_at")
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    user_id: str
    role: str
    basin_id: str
    school_uai: str
    company_siret: str
    issued_at: int
    expires_at: int
    revoked_at: int
    def __init__(self, token_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[str] = ..., basin_id: _Optional[str] = ..., school_uai: _Optional[str] = ..., company_siret: _Optional[str] = ..., issued_at: _Optional[int] = ..., expires_at: _Optional[int] = ..., revoked_at: _Optional[int] = ...) -> None: ...

class TokenList(_message.Message):
    __slots__ = ("tokens",)
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    tokens: _containers.RepeatedCompositeFieldContainer[TokenInfo]
    def __init__(self, tokens: _Optional[_Iterable[_Union[TokenInfo, _Mapping]]] = ...) -> None: ...

class SchoolDetails(_message.Message):
    __slots__ = ("uai", "name", "type", "commune", "basin_id", "rep", "rep_plus", "rural", "latitude", "longitude", "update_mask")
    UAI_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    REP_FIELD_NUMBER: _ClassVar[int]
    REP_PLUS_FIELD_NUMBER: _ClassVar[int]
    RURAL_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    uai: str
    name: str
    type: str
    commune: str
    basin_id: str
    rep: bool
    rep_plus: bool
    rural: bool
    latitude: float
    longitude: float
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, uai: _Optional[str] = ..., name: _Optional[str] = ..., type: _Optional[str] = ..., commune: _Optional[str] = ..., basin_id: _Optional[str] = ..., rep: bool = ..., rep_plus: bool = ..., rural: bool = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class School(_message.Message):
    __slots__ = ("details",)
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    details: SchoolDetails
    def __init__(self, details: _Optional[_Union[SchoolDetails, _Mapping]] = ...) -> None: ...

class ImportRequest(_message.Message):
    __slots__ = ("csv", "all_or_nothing")
    CSV_FIELD_NUMBER: _ClassVar[int]
    ALL_OR_NOTHING_FIELD_NUMBER: _ClassVar[int]
    csv: str
    all_or_nothing: bool
    def __init__(self, csv: _Optional[str] = ..., all_or_nothing: bool = ...) -> None: ...

class RejectedLine(_message.Message):
    __slots__ = ("line", "reason", "reasons")
    LINE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    line: int
    reason: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, line: _Optional[int] = ..., reason: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ...) -> None: ...

class ImportReport(_message.Message):
    __slots__ = ("lines", "imported", "rejected", "committed", "created", "updated")
    LINES_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    lines: int
    imported: int
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedLine]
    committed: bool
    created: int
    updated: int
    def __init__(self, lines: _Optional[int] = ..., imported: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedLine, _Mapping]]] = ..., committed: bool = ..., created: _Optional[int] = ..., updated: _Optional[int] = ...) -> None: ...

class CompanyDetails(_message.Message):
    __slots__ = ("siret", "name", "sector", "street", "postal_code", "commune", "latitude", "longitude", "basin_ids", "update_mask")
    SIRET_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SECTOR_FIELD_NUMBER: _ClassVar[int]
    STREET_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    BASIN_IDS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    siret: str
    name: str
    sector: str
    street: str
    postal_code: str
    commune: str
    latitude: float
    longitude: float
    basin_ids: _containers.RepeatedScalarFieldContainer[str]
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, siret: _Optional[str] = ..., name: _Optional[str] = ..., sector: _Optional[str] = ..., street: _Optional[str] = ..., postal_code: _Optional[str] = ..., commune: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., basin_ids: _Optional[_Iterable[str]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class Company(_message.Message):
    __slots__ = ("details",)
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    details: CompanyDetails
    def __init__(self, details: _Optional[_Union[CompanyDetails, _Mapping]] = ...) -> None: ...

class SearchCompaniesRequest(_message.Message):
    __slots__ = ("query", "basin_id", "page_size", "page_token")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    query: str
    basin_id: str
    page_size: int
    page_token: str
    def __init__(self, query: _Optional[str] = ..., basin_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class CompanyList(_message.Message):
    __slots__ = ("companies", "next_page_token")
    COMPANIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    companies: _containers.RepeatedCompositeFieldContainer[Company]
    next_page_token: str
    def __init__(self, companies: _Optional[_Iterable[_Union[Company, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MergeCompaniesRequest(_message.Message):
    __slots__ = ("kept_siret", "duplicate_siret")
    KEPT_SIRET_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_SIRET_FIELD_NUMBER: _ClassVar[int]
    kept_siret: str
    duplicate_siret: str
    def __init__(self, kept_siret: _Optional[str] = ..., duplicate_siret: _Optional[str] = ...) -> None: ...

class MergeReport(_message.Message):
    __slots__ = ("kept", "offers_moved", "contacts_moved")
    KEPT_FIELD_NUMBER: _ClassVar[int]
    OFFERS_MOVED_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_MOVED_FIELD_NUMBER: _ClassVar[int]
    kept: Company
    offers_moved: int
    contacts_moved: int
    def __init__(self, kept: _Optional[_Union[Company, _Mapping]] = ..., offers_moved: _Optional[int] = ..., contacts_moved: _Optional[int] = ...) -> None: ...

class StatisticsRequest(_message.Message):
    __slots__ = ("basin_id", "decline_gap_points")
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    DECLINE_GAP_POINTS_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    decline_gap_points: float
    def __init__(self, basin_id: _Optional[str] = ..., decline_gap_points: _Optional[float] = ...) -> None: ...

class TradeLevelFigures(_message.Message):
    __slots__ = ("trade_code", "level", "offers", "seats", "seats_taken", "trade_label")
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    SEATS_TAKEN_FIELD_NUMBER: _ClassVar[int]
    TRADE_LABEL_FIELD_NUMBER: _ClassVar[int]
    trade_code: str
    level: _types_pb2.Level
    offers: int
    seats: int
    seats_taken: int
    trade_label: str
    def __init__(self, trade_code: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., offers: _Optional[int] = ..., seats: _Optional[int] = ..., seats_taken: _Optional[int] = ..., trade_label: _Optional[str] = ...) -> None: ...

class WeekFill(_message.Message):
    __slots__ = ("year", "week", "seats", "seats_taken", "fill_rate")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    SEATS_TAKEN_FIELD_NUMBER: _ClassVar[int]
    FILL_RATE_FIELD_NUMBER: _ClassVar[int]
    year: int
    week: int
    seats: int
    seats_taken: int
    fill_rate: float
    def __init__(self, year: _Optional[int] = ..., week: _Optional[int] = ..., seats: _Optional[int] = ..., seats_taken: _Optional[int] = ..., fill_rate: _Optional[float] = ...) -> None: ...

class SchoolFigures(_message.Message):
    __slots__ = ("school_uai", "basin_id", "rep", "rep_plus", "rural", "pending", "confirmed", "declined", "cancelled", "expired", "pupils", "share_unplaced", "placed", "fewer_than_five", "school_name")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    REP_FIELD_NUMBER: _ClassVar[int]
    REP_PLUS_FIELD_NUMBER: _ClassVar[int]
    RURAL_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    DECLINED_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_FIELD_NUMBER: _ClassVar[int]
    PUPILS_FIELD_NUMBER: _ClassVar[int]
    SHARE_UNPLACED_FIELD_NUMBER: _ClassVar[int]
    PLACED_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    basin_id: str
    rep: bool
    rep_plus: bool
    rural: bool
    pending: int
    confirmed: int
    declined: int
    cancelled: int
    expired: int
    pupils: int
    share_unplaced: float
    placed: int
    fewer_than_five: bool
    school_name: str
    def __init__(self, school_uai: _Optional[str] = ..., basin_id: _Optional[str] = ..., rep: bool = ..., rep_plus: bool = ..., rural: bool = ..., pending: _Optional[int] = ..., confirmed: _Optional[int] = ..., declined: _Optional[int] = ..., cancelled: _Optional[int] = ..., expired: _Optional[int] = ..., pupils: _Optional[int] = ..., share_unplaced: _Optional[float] = ..., placed: _Optional[int] = ..., fewer_than_five: bool = ..., school_name: _Optional[str] = ...) -> None: ...

class EquityGroup(_message.Message):
    __slots__ = ("pupils", "placed", "placement_rate", "pending", "fewer_than_five")
    PUPILS_FIELD_NUMBER: _ClassVar[int]
    PLACED_FIELD_NUMBER: _ClassVar[int]
    PLACEMENT_RATE_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    pupils: int
    placed: int
    placement_rate: float
    pending: int
    fewer_than_five: bool
    def __init__(self, pupils: _Optional[int] = ..., placed: _Optional[int] = ..., placement_rate: _Optional[float] = ..., pending: _Optional[int] = ..., fewer_than_five: bool = ...) -> None: ...

class Equity(_message.Message):
    __slots__ = ("priority", "rural", "others", "rep", "rep_plus", "qpv", "needs_accessible", "all", "female", "male")
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RURAL_FIELD_NUMBER: _ClassVar[int]
    OTHERS_FIELD_NUMBER: _ClassVar[int]
    REP_FIELD_NUMBER: _ClassVar[int]
    REP_PLUS_FIELD_NUMBER: _ClassVar[int]
    QPV_FIELD_NUMBER: _ClassVar[int]
    NEEDS_ACCESSIBLE_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    FEMALE_FIELD_NUMBER: _ClassVar[int]
    MALE_FIELD_NUMBER: _ClassVar[int]
    priority: EquityGroup
    rural: EquityGroup
    others: EquityGroup
    rep: EquityGroup
    rep_plus: EquityGroup
    qpv: EquityGroup
    needs_accessible: EquityGroup
    all: EquityGroup
    female: EquityGroup
    male: EquityGroup
    def __init__(self, priority: _Optional[_Union[EquityGroup, _Mapping]] = ..., rural: _Optional[_Union[EquityGroup, _Mapping]] = ..., others: _Optional[_Union[EquityGroup, _Mapping]] = ..., rep: _Optional[_Union[EquityGroup, _Mapping]] = ..., rep_plus: _Optional[_Union[EquityGroup, _Mapping]] = ..., qpv: _Optional[_Union[EquityGroup, _Mapping]] = ..., needs_accessible: _Optional[_Union[EquityGroup, _Mapping]] = ..., all: _Optional[_Union[EquityGroup, _Mapping]] = ..., female: _Optional[_Union[EquityGroup, _Mapping]] = ..., male: _Optional[_Union[EquityGroup, _Mapping]] = ...) -> None: ...

class TradeGenderBalance(_message.Message):
    __slots__ = ("trade_code", "trade_label", "girls", "boys", "share_girls", "fewer_than_five")
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    TRADE_LABEL_FIELD_NUMBER: _ClassVar[int]
    GIRLS_FIELD_NUMBER: _ClassVar[int]
    BOYS_FIELD_NUMBER: _ClassVar[int]
    SHARE_GIRLS_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    trade_code: str
    trade_label: str
    girls: int
    boys: int
    share_girls: float
    fewer_than_five: bool
    def __init__(self, trade_code: _Optional[str] = ..., trade_label: _Optional[str] = ..., girls: _Optional[int] = ..., boys: _Optional[int] = ..., share_girls: _Optional[float] = ..., fewer_than_five: bool = ...) -> None: ...

class LevelPlacement(_message.Message):
    __slots__ = ("level", "figures")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.Level
    figures: EquityGroup
    def __init__(self, level: _Optional[_Union[_types_pb2.Level, str]] = ..., figures: _Optional[_Union[EquityGroup, _Mapping]] = ...) -> None: ...

class Statistics(_message.Message):
    __slots__ = ("basin_id", "by_trade_and_level", "fill_by_week", "schools", "equity", "school_year", "by_level", "gender_by_trade", "company_declines", "decline_gap_points")
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    BY_TRADE_AND_LEVEL_FIELD_NUMBER: _ClassVar[int]
    FILL_BY_WEEK_FIELD_NUMBER: _ClassVar[int]
    SCHOOLS_FIELD_NUMBER: _ClassVar[int]
    EQUITY_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    BY_LEVEL_FIELD_NUMBER: _ClassVar[int]
    GENDER_BY_TRADE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_DECLINES_FIELD_NUMBER: _ClassVar[int]
    DECLINE_GAP_POINTS_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    by_trade_and_level: _containers.RepeatedCompositeFieldContainer[TradeLevelFigures]
    fill_by_week: _containers.RepeatedCompositeFieldContainer[WeekFill]
    schools: _containers.RepeatedCompositeFieldContainer[SchoolFigures]
    equity: Equity
    school_year: str
    by_level: _containers.RepeatedCompositeFieldContainer[LevelPlacement]
    gender_by_trade: _containers.RepeatedCompositeFieldContainer[TradeGenderBalance]
    company_declines: _containers.RepeatedCompositeFieldContainer[CompanyDeclines]
    decline_gap_points: float
    def __init__(self, basin_id: _Optional[str] = ..., by_trade_and_level: _Optional[_Iterable[_Union[TradeLevelFigures, _Mapping]]] = ..., fill_by_week: _Optional[_Iterable[_Union[WeekFill, _Mapping]]] = ..., schools: _Optional[_Iterable[_Union[SchoolFigures, _Mapping]]] = ..., equity: _Optional[_Union[Equity, _Mapping]] = ..., school_year: _Optional[str] = ..., by_level: _Optional[_Iterable[_Union[LevelPlacement, _Mapping]]] = ..., gender_by_trade: _Optional[_Iterable[_Union[TradeGenderBalance, _Mapping]]] = ..., company_declines: _Optional[_Iterable[_Union[CompanyDeclines, _Mapping]]] = ..., decline_gap_points: _Optional[float] = ...) -> None: ...

class CompanyDeclines(_message.Message):
    __slots__ = ("company_siret", "company_name", "priority_pupils", "other_pupils", "gap_points", "flagged")
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_PUPILS_FIELD_NUMBER: _ClassVar[int]
    OTHER_PUPILS_FIELD_NUMBER: _ClassVar[int]
    GAP_POINTS_FIELD_NUMBER: _ClassVar[int]
    FLAGGED_FIELD_NUMBER: _ClassVar[int]
    company_siret: str
    company_name: str
    priority_pupils: DeclineFigures
    other_pupils: DeclineFigures
    gap_points: float
    flagged: bool
    def __init__(self, company_siret: _Optional[str] = ..., company_name: _Optional[str] = ..., priority_pupils: _Optional[_Union[DeclineFigures, _Mapping]] = ..., other_pupils: _Optional[_Union[DeclineFigures, _Mapping]] = ..., gap_points: _Optional[float] = ..., flagged: bool = ...) -> None: ...

class DeclineFigures(_message.Message):
    __slots__ = ("answered", "declined", "decline_rate", "reasons", "fewer_than_five")
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    DECLINED_FIELD_NUMBER: _ClassVar[int]
    DECLINE_RATE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    answered: int
    declined: int
    decline_rate: float
    reasons: _containers.RepeatedCompositeFieldContainer[DeclineReasonCount]
    fewer_than_five: bool
    def __init__(self, answered: _Optional[int] = ..., declined: _Optional[int] = ..., decline_rate: _Optional[float] = ..., reasons: _Optional[_Iterable[_Union[DeclineReasonCount, _Mapping]]] = ..., fewer_than_five: bool = ...) -> None: ...

class DeclineReasonCount(_message.Message):
    __slots__ = ("reason", "label", "count")
    REASON_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    reason: str
    label: str
    count: int
    def __init__(self, reason: _Optional[str] = ..., label: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class ListAuditRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class AuditEntry(_message.Message):
    __slots__ = ("id", "at", "user_id", "role", "method", "basin_id", "target", "outcome")
    ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    id: int
    at: int
    user_id: str
    role: str
    method: str
    basin_id: str
    target: str
    outcome: str
    def __init__(self, id: _Optional[int] = ..., at: _Optional[int] = ..., user_id: _Optional[str] = ..., role: _Optional[str] = ..., method: _Optional[str] = ..., basin_id: _Optional[str] = ..., target: _Optional[str] = ..., outcome: _Optional[str] = ...) -> None: ...

class AuditPage(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class BackupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class BackupFile(_message.Message):
    __slots__ = ("name", "bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    bytes: int
    def __init__(self, name: _Optional[str] = ..., bytes: _Optional[int] = ...) -> None: ...

class BackupReport(_message.Message):
    __slots__ = ("directory", "files")
    DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    directory: str
    files: _containers.RepeatedCompositeFieldContainer[BackupFile]
    def __init__(self, directory: _Optional[str] = ..., files: _Optional[_Iterable[_Union[BackupFile, _Mapping]]] = ...) -> None: ...
