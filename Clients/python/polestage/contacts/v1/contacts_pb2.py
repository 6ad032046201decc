# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/contacts/v1/contacts.proto: a re-export of
`polestage._generated.contacts.v1.contacts_pb2`, also `polestage.contacts_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.contacts.v1.contacts_pb2 import *  # noqa: F401,F403
