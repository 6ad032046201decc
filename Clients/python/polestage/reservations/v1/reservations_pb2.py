# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/reservations/v1/reservations.proto: a re-export of
`polestage._generated.reservations.v1.reservations_pb2`, also `polestage.reservations_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.reservations.v1.reservations_pb2 import *  # noqa: F401,F403
