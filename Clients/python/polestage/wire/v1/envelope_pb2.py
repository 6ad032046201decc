# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/wire/v1/envelope.proto: a re-export of
`polestage._generated.wire.v1.envelope_pb2`, also `polestage.envelope_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.wire.v1.envelope_pb2 import *  # noqa: F401,F403
