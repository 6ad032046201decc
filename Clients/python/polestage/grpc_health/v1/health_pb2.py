# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of grpc/health/v1/health.proto: a re-export of
`polestage._generated.grpc_health.v1.health_pb2`, also `polestage.health_pb2`.

The path existing code imports them from.
"""

from polestage._generated.grpc_health.v1.health_pb2 import *  # noqa: F401,F403
