# Written by Clients/python/scripts/generate.sh: do not edit.
"""The client's generated code, and nothing else: the `_pb2` modules of Proto/ (protoc's, with their imports of each
other rewritten to this package) and `stubs`, the typed stub of each service. scripts/generate.sh writes this folder
whole; scripts/check-python-generated.sh fails when it is not what the .proto files give. Import the message modules
as `from polestage import offers_pb2` (or from their proto paths, `polestage.offers.v1.offers_pb2`).
"""
