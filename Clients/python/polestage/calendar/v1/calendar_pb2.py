# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/calendar/v1/calendar.proto: a re-export of
`polestage._generated.calendar.v1.calendar_pb2`, also `polestage.calendar_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.calendar.v1.calendar_pb2 import *  # noqa: F401,F403
