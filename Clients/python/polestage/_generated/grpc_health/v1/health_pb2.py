# -*- coding: utf-8 -*-
# Written by Clients/python/scripts/generate.sh from protoc's output, not by protoc: edit the script, not this file.
# source: grpc/health/v1/health.proto
"""grpc.health.v1's messages, in a descriptor pool of their own.

protoc's module would add grpc/health/v1/health.proto to protobuf's default descriptor pool, where
grpcio-health-checking's grpc_health.v1.health_pb2 adds the same messages (from grpc_health/v1/health.proto):
whichever loaded second would fail with "duplicate symbol 'grpc.health.v1.HealthCheckRequest'". This module loads
protoc's serialized file into a private pool and makes its classes from it, so both load in one process, in either
order. Its classes are not grpcio-health-checking's (the client's methods convert those); the wire form is the same.
"""
from google.protobuf import descriptor_pool as _descriptor_pool
from google.protobuf import message_factory as _message_factory

_POOL = _descriptor_pool.DescriptorPool()
DESCRIPTOR = _POOL.AddSerializedFile(b'\n\x1bgrpc/health/v1/health.proto\x12\x0egrpc.health.v1"%\n\x12HealthCheckRequest\x12\x0f\n\x07service\x18\x01 \x01(\t"\xa9\x01\n\x13HealthCheckResponse\x12A\n\x06status\x18\x01 \x01(\x0e21.grpc.health.v1.HealthCheckResponse.ServingStatus"O\n\rServingStatus\x12\x0b\n\x07UNKNOWN\x10\x00\x12\x0b\n\x07SERVING\x10\x01\x12\x0f\n\x0bNOT_SERVING\x10\x02\x12\x13\n\x0fSERVICE_UNKNOWN\x10\x032\xae\x01\n\x06Health\x12P\n\x05Check\x12".grpc.health.v1.HealthCheckRequest\x1a#.grpc.health.v1.HealthCheckResponse\x12R\n\x05Watch\x12".grpc.health.v1.HealthCheckRequest\x1a#.grpc.health.v1.HealthCheckResponse0\x01b\x06proto3')

HealthCheckRequest = _message_factory.GetMessageClass(DESCRIPTOR.message_types_by_name["HealthCheckRequest"])
HealthCheckResponse = _message_factory.GetMessageClass(DESCRIPTOR.message_types_by_name["HealthCheckResponse"])
