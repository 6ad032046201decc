# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/common/v1/types.proto: a re-export of
`polestage._generated.common.v1.types_pb2`, also `polestage.types_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.common.v1.types_pb2 import *  # noqa: F401,F403
