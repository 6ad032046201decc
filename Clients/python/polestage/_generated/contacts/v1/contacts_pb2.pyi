from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ContactDetails(_message.Message):
    __slots__ = ("trade_code", "company_siret", "name", "function", "email", "phone")
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SIRET_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    trade_code: str
    company_siret: str
    name: str
    function: str
    email: str
    phone: str
    def __init__(self, trade_code: _Optional[str] = ..., company_siret: _Optional[str] = ..., name: _Optional[str] = ..., function: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("id", "details", "company_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    id: int
    details: ContactDetails
    company_name: str
    def __init__(self, id: _Optional[int] = ..., details: _Optional[_Union[ContactDetails, _Mapping]] = ..., company_name: _Optional[str] = ...) -> None: ...

class UpdateContactRequest(_message.Message):
    __slots__ = ("contact_id", "details")
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    contact_id: int
    details: ContactDetails
    def __init__(self, contact_id: _Optional[int] = ..., details: _Optional[_Union[ContactDetails, _Mapping]] = ...) -> None: ...

class ContactRef(_message.Message):
    __slots__ = ("contact_id",)
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    contact_id: int
    def __init__(self, contact_id: _Optional[int] = ...) -> None: ...

class ListContactsRequest(_message.Message):
    __slots__ = ("trade_code",)
    TRADE_CODE_FIELD_NUMBER: _ClassVar[int]
    trade_code: str
    def __init__(self, trade_code: _Optional[str] = ...) -> None: ...

class ContactList(_message.Message):
    __slots__ = ("contacts",)
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    contacts: _containers.RepeatedCompositeFieldContainer[Contact]
    def __init__(self, contacts: _Optional[_Iterable[_Union[Contact, _Mapping]]] = ...) -> None: ...
