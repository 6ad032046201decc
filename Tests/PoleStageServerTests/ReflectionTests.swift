import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import SwiftProtobuf
import Testing

/// gRPC server reflection on both transports, without a token: what grpcurl and other generic tools ask.
@Suite("Server reflection")
struct ReflectionTests {
    /// Sends `requests` on one ServerReflectionInfo stream and returns the answers, in order.
    struct Ask: ClientBody {
        let requests: [Grpc_Reflection_V1_ServerReflectionRequest]

        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws
            -> [Grpc_Reflection_V1_ServerReflectionResponse]
        {
            let reflection = Grpc_Reflection_V1_ServerReflection.Client(wrapping: client)
            return try await reflection.serverReflectionInfo(
                requestProducer: { writer in try await writer.write(contentsOf: self.requests) }
            ) { response in
                var answers: [Grpc_Reflection_V1_ServerReflectionResponse] = []
                for try await answer in response.messages { answers.append(answer) }
                return answers
            }
        }
    }

    static func request(_ body: (inout Grpc_Reflection_V1_ServerReflectionRequest) -> Void)
        -> Grpc_Reflection_V1_ServerReflectionRequest
    {
        var request = Grpc_Reflection_V1_ServerReflectionRequest()
        body(&request)
        return request
    }

    @Test(
        "lists every service, describes a service and a message with their imports, refuses unknown names",
        arguments: TransportKind.allCases
    )
    func reflection(transport: TransportKind) async throws {
        try await withTestServer { _, addresses in
            let answers = try await withTimeout {
                try await transport.withClient(
                    to: addresses,
                    Ask(requests: [
                        Self.request { $0.listServices = "" },
                        Self.request { $0.fileContainingSymbol = "polestage.admin.v1.AdminService" },
                        Self.request { $0.fileContainingSymbol = "polestage.offers.v1.OfferEvent" },
                        Self.request { $0.fileByFilename = "grpc/health/v1/health.proto" },
                        Self.request { $0.fileContainingSymbol = "polestage.nope.v1.Nothing" },
                        Self.request { $0.fileByFilename = "nope.proto" },
                    ])
                )
            }
            try #require(answers.count == 6)

            let listed = answers[0].listServicesResponse.service.map(\.name)
            for name in [
                "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.testing.TestService",
                "polestage.admin.v1.AdminService", "polestage.calendar.v1.CalendarService",
                "polestage.contacts.v1.ContactService", "polestage.offers.v1.OfferService",
                "polestage.reservations.v1.ReservationService",
            ] {
                #expect(listed.contains(name), "\(name) not in \(listed)")
            }

            // The admin file, then what it imports: common types and google.protobuf.FieldMask.
            let admin = try answers[1].fileDescriptorResponse.fileDescriptorProto.map {
                try Google_Protobuf_FileDescriptorProto(serializedBytes: $0)
            }
            #expect(admin.first?.name == "polestage/admin/v1/admin.proto")
            #expect(admin.first?.service.first?.method.contains { $0.name == "ListTokens" } == true)
            #expect(
                Set(admin.dropFirst().map(\.name)).isSuperset(of: [
                    "polestage/common/v1/types.proto", "google/protobuf/field_mask.proto",
                ])
            )
            let offers = try answers[2].fileDescriptorResponse.fileDescriptorProto.map {
                try Google_Protobuf_FileDescriptorProto(serializedBytes: $0)
            }
            #expect(offers.first?.name == "polestage/offers/v1/offers.proto")
            let health = try answers[3].fileDescriptorResponse.fileDescriptorProto.map {
                try Google_Protobuf_FileDescriptorProto(serializedBytes: $0)
            }
            #expect(health.map(\.name) == ["grpc/health/v1/health.proto"])

            #expect(answers[4].errorResponse.errorCode == 5)
            #expect(answers[4].errorResponse.errorMessage.hasPrefix("No symbol 'polestage.nope.v1.Nothing'"))
            #expect(answers[5].errorResponse.errorCode == 5)
            #expect(answers[5].originalRequest.fileByFilename == "nope.proto")
        }
    }
}
