from polestage._generated.offers.v1 import offers_pb2 as _offers_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResourceScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESOURCE_SCOPE_UNSPECIFIED: _ClassVar[ResourceScope]
    RESOURCE_SCOPE_BASIN: _ClassVar[ResourceScope]
    RESOURCE_SCOPE_ACADEMY: _ClassVar[ResourceScope]

class ResourceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESOURCE_KIND_UNSPECIFIED: _ClassVar[ResourceKind]
    RESOURCE_KIND_GUIDE: _ClassVar[ResourceKind]
    RESOURCE_KIND_TEMPLATE: _ClassVar[ResourceKind]
    RESOURCE_KIND_PRACTICE: _ClassVar[ResourceKind]
    RESOURCE_KIND_EVENT: _ClassVar[ResourceKind]

class Audience(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUDIENCE_UNSPECIFIED: _ClassVar[Audience]
    AUDIENCE_EVERYONE: _ClassVar[Audience]
    AUDIENCE_COMPANY_TUTORS: _ClassVar[Audience]
    AUDIENCE_REFERENT_TEACHERS: _ClassVar[Audience]
    AUDIENCE_ANIMATORS: _ClassVar[Audience]
    AUDIENCE_PUPILS_AND_FAMILIES: _ClassVar[Audience]
RESOURCE_SCOPE_UNSPECIFIED: ResourceScope
RESOURCE_SCOPE_BASIN: ResourceScope
RESOURCE_SCOPE_ACADEMY: ResourceScope
RESOURCE_KIND_UNSPECIFIED: ResourceKind
RESOURCE_KIND_GUIDE: ResourceKind
RESOURCE_KIND_TEMPLATE: ResourceKind
RESOURCE_KIND_PRACTICE: ResourceKind
RESOURCE_KIND_EVENT: ResourceKind
AUDIENCE_UNSPECIFIED: Audience
AUDIENCE_EVERYONE: Audience
AUDIENCE_COMPANY_TUTORS: Audience
AUDIENCE_REFERENT_TEACHERS: Audience
AUDIENCE_ANIMATORS: Audience
AUDIENCE_PUPILS_AND_FAMILIES: Audience

class ResourceRef(_message.Message):
    __slots__ = ("scope", "resource_id")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    scope: ResourceScope
    resource_id: int
    def __init__(self, scope: _Optional[_Union[ResourceScope, str]] = ..., resource_id: _Optional[int] = ...) -> None: ...

class ResourceDetails(_message.Message):
    __slots__ = ("title", "kind", "audience", "markdown", "tags", "event_starts_unix_ms", "event_place")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    MARKDOWN_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    EVENT_STARTS_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    EVENT_PLACE_FIELD_NUMBER: _ClassVar[int]
    title: str
    kind: ResourceKind
    audience: Audience
    markdown: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    event_starts_unix_ms: int
    event_place: str
    def __init__(self, title: _Optional[str] = ..., kind: _Optional[_Union[ResourceKind, str]] = ..., audience: _Optional[_Union[Audience, str]] = ..., markdown: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., event_starts_unix_ms: _Optional[int] = ..., event_place: _Optional[str] = ...) -> None: ...

class SaveResourceRequest(_message.Message):
    __slots__ = ("scope", "resource_id", "details", "expected_version")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    scope: ResourceScope
    resource_id: int
    details: ResourceDetails
    expected_version: int
    def __init__(self, scope: _Optional[_Union[ResourceScope, str]] = ..., resource_id: _Optional[int] = ..., details: _Optional[_Union[ResourceDetails, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class Attachment(_message.Message):
    __slots__ = ("id", "file_name", "media_type", "size_bytes", "sha256")
    ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    id: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    def __init__(self, id: _Optional[int] = ..., file_name: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...

class Resource(_message.Message):
    __slots__ = ("scope", "id", "details", "html", "attachments", "version", "created_unix_ms", "updated_unix_ms", "author_role", "basin_id", "deleted", "excerpt")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_UNIX_MS_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    BASIN_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    EXCERPT_FIELD_NUMBER: _ClassVar[int]
    scope: ResourceScope
    id: int
    details: ResourceDetails
    html: str
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    version: int
    created_unix_ms: int
    updated_unix_ms: int
    author_role: str
    basin_id: str
    deleted: bool
    excerpt: str
    def __init__(self, scope: _Optional[_Union[ResourceScope, str]] = ..., id: _Optional[int] = ..., details: _Optional[_Union[ResourceDetails, _Mapping]] = ..., html: _Optional[str] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., version: _Optional[int] = ..., created_unix_ms: _Optional[int] = ..., updated_unix_ms: _Optional[int] = ..., author_role: _Optional[str] = ..., basin_id: _Optional[str] = ..., deleted: bool = ..., excerpt: _Optional[str] = ...) -> None: ...

class AttachFileRequest(_message.Message):
    __slots__ = ("resource", "file_name", "content")
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    resource: ResourceRef
    file_name: str
    content: bytes
    def __init__(self, resource: _Optional[_Union[ResourceRef, _Mapping]] = ..., file_name: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class AttachmentRef(_message.Message):
    __slots__ = ("resource", "attachment_id")
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    resource: ResourceRef
    attachment_id: int
    def __init__(self, resource: _Optional[_Union[ResourceRef, _Mapping]] = ..., attachment_id: _Optional[int] = ...) -> None: ...

class AttachmentContent(_message.Message):
    __slots__ = ("attachment", "content")
    ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    attachment: Attachment
    content: bytes
    def __init__(self, attachment: _Optional[_Union[Attachment, _Mapping]] = ..., content: _Optional[bytes] = ...) -> None: ...

class SearchResourcesRequest(_message.Message):
    __slots__ = ("text", "kind", "audience", "tag", "scope", "page_size", "page_token")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    text: str
    kind: ResourceKind
    audience: Audience
    tag: str
    scope: ResourceScope
    page_size: int
    page_token: str
    def __init__(self, text: _Optional[str] = ..., kind: _Optional[_Union[ResourceKind, str]] = ..., audience: _Optional[_Union[Audience, str]] = ..., tag: _Optional[str] = ..., scope: _Optional[_Union[ResourceScope, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ResourcePage(_message.Message):
    __slots__ = ("resources", "next_page_token")
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[Resource]
    next_page_token: str
    def __init__(self, resources: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ResourceCursor(_message.Message):
    __slots__ = ("basin_revision", "academy_revision")
    BASIN_REVISION_FIELD_NUMBER: _ClassVar[int]
    ACADEMY_REVISION_FIELD_NUMBER: _ClassVar[int]
    basin_revision: int
    academy_revision: int
    def __init__(self, basin_revision: _Optional[int] = ..., academy_revision: _Optional[int] = ...) -> None: ...

class WatchResourcesRequest(_message.Message):
    __slots__ = ("resume_from",)
    RESUME_FROM_FIELD_NUMBER: _ClassVar[int]
    resume_from: ResourceCursor
    def __init__(self, resume_from: _Optional[_Union[ResourceCursor, _Mapping]] = ...) -> None: ...

class ResourceEvent(_message.Message):
    __slots__ = ("cursor", "resource", "reset", "live", "heartbeat")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    RESET_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    cursor: ResourceCursor
    resource: Resource
    reset: _offers_pb2.StreamReset
    live: _offers_pb2.Live
    heartbeat: _offers_pb2.Heartbeat
    def __init__(self, cursor: _Optional[_Union[ResourceCursor, _Mapping]] = ..., resource: _Optional[_Union[Resource, _Mapping]] = ..., reset: _Optional[_Union[_offers_pb2.StreamReset, _Mapping]] = ..., live: _Optional[_Union[_offers_pb2.Live, _Mapping]] = ..., heartbeat: _Optional[_Union[_offers_pb2.Heartbeat, _Mapping]] = ...) -> None: ...
