# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/admin/v1/admin.proto: a re-export of
`polestage._generated.admin.v1.admin_pb2`, also `polestage.admin_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.admin.v1.admin_pb2 import *  # noqa: F401,F403
