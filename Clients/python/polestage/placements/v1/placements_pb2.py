# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/placements/v1/placements.proto: a re-export of
`polestage._generated.placements.v1.placements_pb2`, also `polestage.placements_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.placements.v1.placements_pb2 import *  # noqa: F401,F403
