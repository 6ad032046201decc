# Written by Clients/python/scripts/generate.sh: do not edit.
"""Messages of polestage/offers/v1/offers.proto: a re-export of
`polestage._generated.offers.v1.offers_pb2`, also `polestage.offers_pb2`.

This is the path protoc's code imports them from (grpcio stubs, other .proto files).
"""

from polestage._generated.offers.v1.offers_pb2 import *  # noqa: F401,F403
