from polestage._generated.admin.v1 import admin_pb2 as _admin_pb2
from polestage._generated.common.v1 import types_pb2 as _types_pb2
from polestage._generated.offers.v1 import offers_pb2 as _offers_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Gender(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GENDER_UNSPECIFIED: _ClassVar[Gender]
    GENDER_FEMALE: _ClassVar[Gender]
    GENDER_MALE: _ClassVar[Gender]
    GENDER_OTHER: _ClassVar[Gender]

class PlacementState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLACEMENT_STATE_UNSPECIFIED: _ClassVar[PlacementState]
    PLACEMENT_STATE_NOTHING_YET: _ClassVar[PlacementState]
    PLACEMENT_STATE_PENDING: _ClassVar[PlacementState]
    PLACEMENT_STATE_PLACED: _ClassVar[PlacementState]

class ApplicationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLICATION_STATUS_UNSPECIFIED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_PENDING: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_ACCEPTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_DECLINED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_WITHDRAWN: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_EXPIRED: _ClassVar[ApplicationStatus]

class DeclineReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECLINE_REASON_UNSPECIFIED: _ClassVar[DeclineReason]
    DECLINE_REASON_SEATS_FILLED: _ClassVar[DeclineReason]
    DECLINE_REASON_TUTOR_UNAVAILABLE: _ClassVar[DeclineReason]
    DECLINE_REASON_DATES_UNSUITABLE: _ClassVar[DeclineReason]
    DECLINE_REASON_TRAINING_MISMATCH: _ClassVar[DeclineReason]
    DECLINE_REASON_OTHER: _ClassVar[DeclineReason]
    DECLINE_REASON_OFFER_WITHDRAWN: _ClassVar[DeclineReason]

class ApplicantRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLICANT_ROLE_UNSPECIFIED: _ClassVar[ApplicantRole]
    APPLICANT_ROLE_PUPIL: _ClassVar[ApplicantRole]
    APPLICANT_ROLE_SCHOOL: _ClassVar[ApplicantRole]

class PriorityGroup(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRIORITY_GROUP_UNSPECIFIED: _ClassVar[PriorityGroup]
    PRIORITY_GROUP_REP: _ClassVar[PriorityGroup]
    PRIORITY_GROUP_REP_PLUS: _ClassVar[PriorityGroup]
    PRIORITY_GROUP_RURAL: _ClassVar[PriorityGroup]
    PRIORITY_GROUP_QPV: _ClassVar[PriorityGroup]
    PRIORITY_GROUP_NEEDS: _ClassVar[PriorityGroup]

class InboxKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INBOX_KIND_UNSPECIFIED: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_RECEIVED: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_ACCEPTED: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_DECLINED: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_WITHDRAWN: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_EXPIRED: _ClassVar[InboxKind]
    INBOX_KIND_REMINDER_PENDING: _ClassVar[InboxKind]
    INBOX_KIND_OFFER_TO_UPDATE: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_STUCK: _ClassVar[InboxKind]
    INBOX_KIND_APPLICATION_SENT: _ClassVar[InboxKind]
GENDER_UNSPECIFIED: Gender
GENDER_FEMALE: Gender
GENDER_MALE: Gender
GENDER_OTHER: Gender
PLACEMENT_STATE_UNSPECIFIED: PlacementState
PLACEMENT_STATE_NOTHING_YET: PlacementState
PLACEMENT_STATE_PENDING: PlacementState
PLACEMENT_STATE_PLACED: PlacementState
APPLICATION_STATUS_UNSPECIFIED: ApplicationStatus
APPLICATION_STATUS_PENDING: ApplicationStatus
APPLICATION_STATUS_ACCEPTED: ApplicationStatus
APPLICATION_STATUS_DECLINED: ApplicationStatus
APPLICATION_STATUS_WITHDRAWN: ApplicationStatus
APPLICATION_STATUS_EXPIRED: ApplicationStatus
DECLINE_REASON_UNSPECIFIED: DeclineReason
DECLINE_REASON_SEATS_FILLED: DeclineReason
DECLINE_REASON_TUTOR_UNAVAILABLE: DeclineReason
DECLINE_REASON_DATES_UNSUITABLE: DeclineReason
DECLINE_REASON_TRAINING_MISMATCH: DeclineReason
DECLINE_REASON_OTHER: DeclineReason
DECLINE_REASON_OFFER_WITHDRAWN: DeclineReason
APPLICANT_ROLE_UNSPECIFIED: ApplicantRole
APPLICANT_ROLE_PUPIL: ApplicantRole
APPLICANT_ROLE_SCHOOL: ApplicantRole
PRIORITY_GROUP_UNSPECIFIED: PriorityGroup
PRIORITY_GROUP_REP: PriorityGroup
PRIORITY_GROUP_REP_PLUS: PriorityGroup
PRIORITY_GROUP_RURAL: PriorityGroup
PRIORITY_GROUP_QPV: PriorityGroup
PRIORITY_GROUP_NEEDS: PriorityGroup
INBOX_KIND_UNSPECIFIED: InboxKind
INBOX_KIND_APPLICATION_RECEIVED: InboxKind
INBOX_KIND_APPLICATION_ACCEPTED: InboxKind
INBOX_KIND_APPLICATION_DECLINED: InboxKind
INBOX_KIND_APPLICATION_WITHDRAWN: InboxKind
INBOX_KIND_APPLICATION_EXPIRED: InboxKind
INBOX_KIND_REMINDER_PENDING: InboxKind
INBOX_KIND_OFFER_TO_UPDATE: InboxKind
INBOX_KIND_APPLICATION_STUCK: InboxKind
INBOX_KIND_APPLICATION_SENT: InboxKind

class Mobility(_message.Message):
    __slots__ = ("max_km", "public_transport_only")
    MAX_KM_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_TRANSPORT_ONLY_FIELD_NUMBER: _ClassVar[int]
    max_km: int
    public_transport_only: bool
    def __init__(self, max_km: _Optional[int] = ..., public_transport_only: bool = ...) -> None: ...

class PupilDetails(_message.Message):
    __slots__ = ("ref", "class_name", "level", "needs_accessible", "mobility", "qpv", "gender", "needs")
    REF_FIELD_NUMBER: _ClassVar[int]
    CLASS_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    NEEDS_ACCESSIBLE_FIELD_NUMBER: _ClassVar[int]
    MOBILITY_FIELD_NUMBER: _ClassVar[int]
    QPV_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    class_name: str
    level: _types_pb2.Level
    needs_accessible: bool
    mobility: Mobility
    qpv: bool
    gender: Gender
    needs: _offers_pb2.Accessibility
    def __init__(self, ref: _Optional[str] = ..., class_name: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., needs_accessible: bool = ..., mobility: _Optional[_Union[Mobility, _Mapping]] = ..., qpv: bool = ..., gender: _Optional[_Union[Gender, str]] = ..., needs: _Optional[_Union[_offers_pb2.Accessibility, _Mapping]] = ...) -> None: ...

class SavePupilRequest(_message.Message):
    __slots__ = ("school_uai", "details")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    details: PupilDetails
    def __init__(self, school_uai: _Optional[str] = ..., details: _Optional[_Union[PupilDetails, _Mapping]] = ...) -> None: ...

class ImportPupilsRequest(_message.Message):
    __slots__ = ("school_uai", "file")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    FILE_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    file: _admin_pb2.ImportRequest
    def __init__(self, school_uai: _Optional[str] = ..., file: _Optional[_Union[_admin_pb2.ImportRequest, _Mapping]] = ...) -> None: ...

class PupilRef(_message.Message):
    __slots__ = ("pupil_id",)
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    pupil_id: int
    def __init__(self, pupil_id: _Optional[int] = ...) -> None: ...

class Placement(_message.Message):
    __slots__ = ("application_id", "offer_id", "offer_title", "company_name", "from_week", "to_week")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    application_id: int
    offer_id: int
    offer_title: str
    company_name: str
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    def __init__(self, application_id: _Optional[int] = ..., offer_id: _Optional[int] = ..., offer_title: _Optional[str] = ..., company_name: _Optional[str] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ...) -> None: ...

class Pupil(_message.Message):
    __slots__ = ("id", "school_uai", "school_year", "details", "state", "pending_applications", "placement")
    ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PENDING_APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    PLACEMENT_FIELD_NUMBER: _ClassVar[int]
    id: int
    school_uai: str
    school_year: str
    details: PupilDetails
    state: PlacementState
    pending_applications: int
    placement: Placement
    def __init__(self, id: _Optional[int] = ..., school_uai: _Optional[str] = ..., school_year: _Optional[str] = ..., details: _Optional[_Union[PupilDetails, _Mapping]] = ..., state: _Optional[_Union[PlacementState, str]] = ..., pending_applications: _Optional[int] = ..., placement: _Optional[_Union[Placement, _Mapping]] = ...) -> None: ...

class RosterRequest(_message.Message):
    __slots__ = ("school_uai", "class_name", "level", "unplaced_only", "school_year")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    CLASS_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    UNPLACED_ONLY_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    class_name: str
    level: _types_pb2.Level
    unplaced_only: bool
    school_year: str
    def __init__(self, school_uai: _Optional[str] = ..., class_name: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., unplaced_only: bool = ..., school_year: _Optional[str] = ...) -> None: ...

class Roster(_message.Message):
    __slots__ = ("school_uai", "school_year", "pupils")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    PUPILS_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    school_year: str
    pupils: _containers.RepeatedCompositeFieldContainer[Pupil]
    def __init__(self, school_uai: _Optional[str] = ..., school_year: _Optional[str] = ..., pupils: _Optional[_Iterable[_Union[Pupil, _Mapping]]] = ...) -> None: ...

class PupilExport(_message.Message):
    __slots__ = ("pupil", "applications")
    PUPIL_FIELD_NUMBER: _ClassVar[int]
    APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    pupil: Pupil
    applications: _containers.RepeatedCompositeFieldContainer[Application]
    def __init__(self, pupil: _Optional[_Union[Pupil, _Mapping]] = ..., applications: _Optional[_Iterable[_Union[Application, _Mapping]]] = ...) -> None: ...

class DeletePupilResponse(_message.Message):
    __slots__ = ("applications_deleted",)
    APPLICATIONS_DELETED_FIELD_NUMBER: _ClassVar[int]
    applications_deleted: int
    def __init__(self, applications_deleted: _Optional[int] = ...) -> None: ...

class SignInCode(_message.Message):
    __slots__ = ("code", "expires_at_unix_ms")
    CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    code: str
    expires_at_unix_ms: int
    def __init__(self, code: _Optional[str] = ..., expires_at_unix_ms: _Optional[int] = ...) -> None: ...

class RedeemSignInCodeRequest(_message.Message):
    __slots__ = ("basin_id", "code")
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    basin_id: str
    code: str
    def __init__(self, basin_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class PupilSession(_message.Message):
    __slots__ = ("token", "expires_at_unix_ms", "pupil_id", "school_uai")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    token: str
    expires_at_unix_ms: int
    pupil_id: int
    school_uai: str
    def __init__(self, token: _Optional[str] = ..., expires_at_unix_ms: _Optional[int] = ..., pupil_id: _Optional[int] = ..., school_uai: _Optional[str] = ...) -> None: ...

class ApplyRequest(_message.Message):
    __slots__ = ("offer_id", "pupil_id", "from_week", "to_week", "motivation", "boarding_house_id")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    MOTIVATION_FIELD_NUMBER: _ClassVar[int]
    BOARDING_HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    pupil_id: int
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    motivation: str
    boarding_house_id: int
    def __init__(self, offer_id: _Optional[int] = ..., pupil_id: _Optional[int] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., motivation: _Optional[str] = ..., boarding_house_id: _Optional[int] = ...) -> None: ...

class ApplicationRef(_message.Message):
    __slots__ = ("application_id",)
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: int
    def __init__(self, application_id: _Optional[int] = ...) -> None: ...

class DeclineApplicationRequest(_message.Message):
    __slots__ = ("application_id", "reason", "note")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    application_id: int
    reason: DeclineReason
    note: str
    def __init__(self, application_id: _Optional[int] = ..., reason: _Optional[_Union[DeclineReason, str]] = ..., note: _Optional[str] = ...) -> None: ...

class PupilNeeds(_message.Message):
    __slots__ = ("needs_accessible", "mobility")
    NEEDS_ACCESSIBLE_FIELD_NUMBER: _ClassVar[int]
    MOBILITY_FIELD_NUMBER: _ClassVar[int]
    needs_accessible: bool
    mobility: Mobility
    def __init__(self, needs_accessible: bool = ..., mobility: _Optional[_Union[Mobility, _Mapping]] = ...) -> None: ...

class Application(_message.Message):
    __slots__ = ("id", "offer_id", "offer_title", "company_name", "level", "from_week", "to_week", "motivation", "needs", "made_by", "status", "decline_reason", "decline_note", "created_at_unix_ms", "expires_at_unix_ms", "decided_at_unix_ms", "pupil_id", "pupil_ref", "school_uai", "school_year", "boarding_house_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    FROM_WEEK_FIELD_NUMBER: _ClassVar[int]
    TO_WEEK_FIELD_NUMBER: _ClassVar[int]
    MOTIVATION_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    MADE_BY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    DECLINE_NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    PUPIL_REF_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    BOARDING_HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    offer_id: int
    offer_title: str
    company_name: str
    level: _types_pb2.Level
    from_week: _types_pb2.IsoWeek
    to_week: _types_pb2.IsoWeek
    motivation: str
    needs: PupilNeeds
    made_by: ApplicantRole
    status: ApplicationStatus
    decline_reason: DeclineReason
    decline_note: str
    created_at_unix_ms: int
    expires_at_unix_ms: int
    decided_at_unix_ms: int
    pupil_id: int
    pupil_ref: str
    school_uai: str
    school_year: str
    boarding_house_id: int
    def __init__(self, id: _Optional[int] = ..., offer_id: _Optional[int] = ..., offer_title: _Optional[str] = ..., company_name: _Optional[str] = ..., level: _Optional[_Union[_types_pb2.Level, str]] = ..., from_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., to_week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., motivation: _Optional[str] = ..., needs: _Optional[_Union[PupilNeeds, _Mapping]] = ..., made_by: _Optional[_Union[ApplicantRole, str]] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., decline_reason: _Optional[_Union[DeclineReason, str]] = ..., decline_note: _Optional[str] = ..., created_at_unix_ms: _Optional[int] = ..., expires_at_unix_ms: _Optional[int] = ..., decided_at_unix_ms: _Optional[int] = ..., pupil_id: _Optional[int] = ..., pupil_ref: _Optional[str] = ..., school_uai: _Optional[str] = ..., school_year: _Optional[str] = ..., boarding_house_id: _Optional[int] = ...) -> None: ...

class ListApplicationsRequest(_message.Message):
    __slots__ = ("offer_id", "pupil_id", "school_uai", "live_only")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    PUPIL_ID_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    LIVE_ONLY_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    pupil_id: int
    school_uai: str
    live_only: bool
    def __init__(self, offer_id: _Optional[int] = ..., pupil_id: _Optional[int] = ..., school_uai: _Optional[str] = ..., live_only: bool = ...) -> None: ...

class ApplicationList(_message.Message):
    __slots__ = ("applications",)
    APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    applications: _containers.RepeatedCompositeFieldContainer[Application]
    def __init__(self, applications: _Optional[_Iterable[_Union[Application, _Mapping]]] = ...) -> None: ...

class FollowUpRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LevelFollowUp(_message.Message):
    __slots__ = ("level", "pupils", "placed", "pending", "nothing_yet", "fewer_than_five")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PUPILS_FIELD_NUMBER: _ClassVar[int]
    PLACED_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    NOTHING_YET_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.Level
    pupils: int
    placed: int
    pending: int
    nothing_yet: int
    fewer_than_five: bool
    def __init__(self, level: _Optional[_Union[_types_pb2.Level, str]] = ..., pupils: _Optional[int] = ..., placed: _Optional[int] = ..., pending: _Optional[int] = ..., nothing_yet: _Optional[int] = ..., fewer_than_five: bool = ...) -> None: ...

class SchoolFollowUp(_message.Message):
    __slots__ = ("school_uai", "school_name", "levels")
    SCHOOL_UAI_FIELD_NUMBER: _ClassVar[int]
    SCHOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    school_uai: str
    school_name: str
    levels: _containers.RepeatedCompositeFieldContainer[LevelFollowUp]
    def __init__(self, school_uai: _Optional[str] = ..., school_name: _Optional[str] = ..., levels: _Optional[_Iterable[_Union[LevelFollowUp, _Mapping]]] = ...) -> None: ...

class UnaskedOffer(_message.Message):
    __slots__ = ("offer_id", "title", "company_name", "weeks")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    WEEKS_FIELD_NUMBER: _ClassVar[int]
    offer_id: int
    title: str
    company_name: str
    weeks: _containers.RepeatedCompositeFieldContainer[_types_pb2.IsoWeek]
    def __init__(self, offer_id: _Optional[int] = ..., title: _Optional[str] = ..., company_name: _Optional[str] = ..., weeks: _Optional[_Iterable[_Union[_types_pb2.IsoWeek, _Mapping]]] = ...) -> None: ...

class FollowUp(_message.Message):
    __slots__ = ("school_year", "schools", "unasked_offers")
    SCHOOL_YEAR_FIELD_NUMBER: _ClassVar[int]
    SCHOOLS_FIELD_NUMBER: _ClassVar[int]
    UNASKED_OFFERS_FIELD_NUMBER: _ClassVar[int]
    school_year: str
    schools: _containers.RepeatedCompositeFieldContainer[SchoolFollowUp]
    unasked_offers: _containers.RepeatedCompositeFieldContainer[UnaskedOffer]
    def __init__(self, school_year: _Optional[str] = ..., schools: _Optional[_Iterable[_Union[SchoolFollowUp, _Mapping]]] = ..., unasked_offers: _Optional[_Iterable[_Union[UnaskedOffer, _Mapping]]] = ...) -> None: ...

class PlacementRulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PlacementRules(_message.Message):
    __slots__ = ("max_pending_applications", "pending_days", "priority_groups", "priority_window_days", "reserved_share_percent", "reserved_release_days")
    MAX_PENDING_APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    PENDING_DAYS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_SHARE_PERCENT_FIELD_NUMBER: _ClassVar[int]
    RESERVED_RELEASE_DAYS_FIELD_NUMBER: _ClassVar[int]
    max_pending_applications: int
    pending_days: int
    priority_groups: PriorityGroups
    priority_window_days: int
    reserved_share_percent: int
    reserved_release_days: int
    def __init__(self, max_pending_applications: _Optional[int] = ..., pending_days: _Optional[int] = ..., priority_groups: _Optional[_Union[PriorityGroups, _Mapping]] = ..., priority_window_days: _Optional[int] = ..., reserved_share_percent: _Optional[int] = ..., reserved_release_days: _Optional[int] = ...) -> None: ...

class PriorityGroups(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedScalarFieldContainer[PriorityGroup]
    def __init__(self, groups: _Optional[_Iterable[_Union[PriorityGroup, str]]] = ...) -> None: ...

class InboxMessage(_message.Message):
    __slots__ = ("id", "kind", "at_unix_ms", "read", "application_id", "offer_id", "text")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AT_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    id: int
    kind: InboxKind
    at_unix_ms: int
    read: bool
    application_id: int
    offer_id: int
    text: str
    def __init__(self, id: _Optional[int] = ..., kind: _Optional[_Union[InboxKind, str]] = ..., at_unix_ms: _Optional[int] = ..., read: bool = ..., application_id: _Optional[int] = ..., offer_id: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class ListInboxRequest(_message.Message):
    __slots__ = ("unread_only", "before_id", "page_size")
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    BEFORE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    unread_only: bool
    before_id: int
    page_size: int
    def __init__(self, unread_only: bool = ..., before_id: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class InboxPage(_message.Message):
    __slots__ = ("messages", "unread", "head")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    UNREAD_FIELD_NUMBER: _ClassVar[int]
    HEAD_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[InboxMessage]
    unread: int
    head: _offers_pb2.StreamPosition
    def __init__(self, messages: _Optional[_Iterable[_Union[InboxMessage, _Mapping]]] = ..., unread: _Optional[int] = ..., head: _Optional[_Union[_offers_pb2.StreamPosition, _Mapping]] = ...) -> None: ...

class MarkReadRequest(_message.Message):
    __slots__ = ("message_ids", "all")
    MESSAGE_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    message_ids: _containers.RepeatedScalarFieldContainer[int]
    all: bool
    def __init__(self, message_ids: _Optional[_Iterable[int]] = ..., all: bool = ...) -> None: ...

class MarkReadResponse(_message.Message):
    __slots__ = ("marked", "unread")
    MARKED_FIELD_NUMBER: _ClassVar[int]
    UNREAD_FIELD_NUMBER: _ClassVar[int]
    marked: int
    unread: int
    def __init__(self, marked: _Optional[int] = ..., unread: _Optional[int] = ...) -> None: ...

class WatchInboxRequest(_message.Message):
    __slots__ = ("resume_from",)
    RESUME_FROM_FIELD_NUMBER: _ClassVar[int]
    resume_from: _offers_pb2.StreamPosition
    def __init__(self, resume_from: _Optional[_Union[_offers_pb2.StreamPosition, _Mapping]] = ...) -> None: ...

class InboxEvent(_message.Message):
    __slots__ = ("position", "message", "reset", "live", "heartbeat")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RESET_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    position: _offers_pb2.StreamPosition
    message: InboxMessage
    reset: _offers_pb2.StreamReset
    live: _offers_pb2.Live
    heartbeat: _offers_pb2.Heartbeat
    def __init__(self, position: _Optional[_Union[_offers_pb2.StreamPosition, _Mapping]] = ..., message: _Optional[_Union[InboxMessage, _Mapping]] = ..., reset: _Optional[_Union[_offers_pb2.StreamReset, _Mapping]] = ..., live: _Optional[_Union[_offers_pb2.Live, _Mapping]] = ..., heartbeat: _Optional[_Union[_offers_pb2.Heartbeat, _Mapping]] = ...) -> None: ...

class BoardingHouseDetails(_message.Message):
    __slots__ = ("name", "commune", "location", "conditions", "places")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMMUNE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    PLACES_FIELD_NUMBER: _ClassVar[int]
    name: str
    commune: str
    location: _types_pb2.GeoPoint
    conditions: str
    places: _containers.RepeatedCompositeFieldContainer[_offers_pb2.PeriodSeats]
    def __init__(self, name: _Optional[str] = ..., commune: _Optional[str] = ..., location: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., conditions: _Optional[str] = ..., places: _Optional[_Iterable[_Union[_offers_pb2.PeriodSeats, _Mapping]]] = ...) -> None: ...

class BoardingWeek(_message.Message):
    __slots__ = ("week", "places", "taken", "free")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    PLACES_FIELD_NUMBER: _ClassVar[int]
    TAKEN_FIELD_NUMBER: _ClassVar[int]
    FREE_FIELD_NUMBER: _ClassVar[int]
    week: _types_pb2.IsoWeek
    places: int
    taken: int
    free: int
    def __init__(self, week: _Optional[_Union[_types_pb2.IsoWeek, _Mapping]] = ..., places: _Optional[int] = ..., taken: _Optional[int] = ..., free: _Optional[int] = ...) -> None: ...

class BoardingHouse(_message.Message):
    __slots__ = ("id", "details", "weeks")
    ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    WEEKS_FIELD_NUMBER: _ClassVar[int]
    id: int
    details: BoardingHouseDetails
    weeks: _containers.RepeatedCompositeFieldContainer[BoardingWeek]
    def __init__(self, id: _Optional[int] = ..., details: _Optional[_Union[BoardingHouseDetails, _Mapping]] = ..., weeks: _Optional[_Iterable[_Union[BoardingWeek, _Mapping]]] = ...) -> None: ...

class SaveBoardingHouseRequest(_message.Message):
    __slots__ = ("id", "house")
    ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    id: int
    house: BoardingHouseDetails
    def __init__(self, id: _Optional[int] = ..., house: _Optional[_Union[BoardingHouseDetails, _Mapping]] = ...) -> None: ...

class ListBoardingHousesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BoardingHouseList(_message.Message):
    __slots__ = ("houses",)
    HOUSES_FIELD_NUMBER: _ClassVar[int]
    houses: _containers.RepeatedCompositeFieldContainer[BoardingHouse]
    def __init__(self, houses: _Optional[_Iterable[_Union[BoardingHouse, _Mapping]]] = ...) -> None: ...
