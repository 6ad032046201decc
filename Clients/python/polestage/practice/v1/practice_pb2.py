# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/practice/v1/practice.proto: a re-export of
`polestage._generated.practice.v1.practice_pb2`, also `polestage.practice_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.practice.v1.practice_pb2 import *  # noqa: F401,F403
