import Foundation
package import GRPCCore
import GRPCProtobuf
package import PoleStageProto
import SwiftProtobuf

/// gRPC server reflection (`grpc.reflection.v1.ServerReflection`): lists the services served and hands out their
/// descriptors, so that generic tools (`grpcurl -plaintext 127.0.0.1:50051 list`, `describe`, calls built from the
/// descriptors) need no `.proto` file.
///
/// The descriptors come from the `FileDescriptorSet` that `scripts/generate-protos.sh` builds from `Proto/` with the
/// generated code (``serviceDescriptorSetBase64``). A file is answered with the files it imports, transitively: a
/// client can then build every type it names. Served without a token: the descriptors are those of the public
/// `.proto` files.
package struct ReflectionService: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    /// The services answered to `list_services`, by full name, sorted.
    let services: [String]
    let files: DescriptorIndex

    /// - Parameter services: The full names of the services served (those of ``registerMethods(with:)`` included).
    package init(services: some Sequence<String>) {
        self.services = Set(services).sorted()
        self.files = .served
    }

    /// The full name of the older `grpc.reflection.v1alpha` service, served too: its messages are v1's under another
    /// package, the same bytes on the wire (grpcio-reflection's client and grpcurl before 1.8.8 ask for it).
    package static let v1alphaService = "grpc.reflection.v1alpha.ServerReflection"

    /// Registers `ServerReflectionInfo` under `grpc.reflection.v1` and `grpc.reflection.v1alpha`.
    package func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let v1 = Grpc_Reflection_V1_ServerReflection.Method.ServerReflectionInfo.descriptor
        for method in [v1, MethodDescriptor(fullyQualifiedService: Self.v1alphaService, method: v1.method)] {
            router.registerHandler(
                forMethod: method,
                deserializer: ProtobufDeserializer<Grpc_Reflection_V1_ServerReflectionRequest>(),
                serializer: ProtobufSerializer<Grpc_Reflection_V1_ServerReflectionResponse>(),
                handler: { request, context in
                    StreamingServerResponse { writer in
                        try await self.serverReflectionInfo(
                            request: request.messages,
                            response: writer,
                            context: context
                        )
                        return [:]
                    }
                }
            )
        }
    }

    package func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
        context: ServerContext
    ) async throws {
        for try await message in request {
            try await response.write(self.answer(message))
        }
    }

    /// The response to one request: what it asks for, or an `error_response` saying why not.
    func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        func files(_ name: String?, missing: String) {
            if let name, let files = self.files.withDependencies(of: name) {
                response.fileDescriptorResponse = .with { $0.fileDescriptorProto = files }
            } else {
                response.errorResponse = .with {
                    $0.errorCode = Int32(RPCError.Code.notFound.rawValue)
                    $0.errorMessage = missing
                }
            }
        }
        switch request.messageRequest {
        case .listServices:
            response.listServicesResponse = .with {
                $0.service = self.services.map { name in .with { $0.name = name } }
            }
        case .fileByFilename(let name):
            files(
                name,
                missing:
                    "No file '\(name.prefix(120))': file names are as in Proto/, such as polestage/offers/v1/offers.proto."
            )
        case .fileContainingSymbol(let symbol):
            files(
                self.files.file(defining: symbol),
                missing:
                    "No symbol '\(symbol.prefix(120))': name a service, method, message or enum in full, such as polestage.offers.v1.OfferService."
            )
        case .fileContainingExtension(let extensionRequest):
            response.errorResponse = .with {
                $0.errorCode = Int32(RPCError.Code.notFound.rawValue)
                $0.errorMessage =
                    "No extension \(extensionRequest.extensionNumber) of '\(extensionRequest.containingType.prefix(120))': the services use no extensions."
            }
        case .allExtensionNumbersOfType(let type):
            if self.files.file(defining: type) != nil {
                response.allExtensionNumbersResponse = .with { $0.baseTypeName = type }
            } else {
                response.errorResponse = .with {
                    $0.errorCode = Int32(RPCError.Code.notFound.rawValue)
                    $0.errorMessage = "No message '\(type.prefix(120))'."
                }
            }
        case nil:
            response.errorResponse = .with {
                $0.errorCode = Int32(RPCError.Code.invalidArgument.rawValue)
                $0.errorMessage =
                    "The request names nothing: set one of list_services, file_by_filename, file_containing_symbol."
            }
        }
        return response
    }
}

/// The served `.proto` files by name, and which file defines each fully qualified symbol.
struct DescriptorIndex: Sendable {
    /// Each file, serialized as it came, by its name.
    let files: [String: Data]
    /// Each file's imports.
    let imports: [String: [String]]
    /// The file defining each service, method (`Service.Method`), message (nested ones included) and enum.
    let symbols: [String: String]

    /// The index of ``serviceDescriptorSetBase64``.
    static let served: DescriptorIndex = {
        guard let bytes = Data(base64Encoded: serviceDescriptorSetBase64),
            let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        else {
            // Written by scripts/generate-protos.sh and checked by the reflection tests: unreachable.
            return DescriptorIndex(set: Google_Protobuf_FileDescriptorSet())
        }
        return DescriptorIndex(set: set)
    }()

    init(set: Google_Protobuf_FileDescriptorSet) {
        var files: [String: Data] = [:]
        var imports: [String: [String]] = [:]
        var symbols: [String: String] = [:]
        for file in set.file {
            files[file.name] = (try? file.serializedData()) ?? Data()
            imports[file.name] = file.dependency
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for service in file.service {
                symbols[prefix + service.name] = file.name
                for method in service.method { symbols[prefix + service.name + "." + method.name] = file.name }
            }
            func add(_ messages: [Google_Protobuf_DescriptorProto], under scope: String) {
                for message in messages {
                    let name = scope + message.name
                    symbols[name] = file.name
                    for nested in message.enumType { symbols[name + "." + nested.name] = file.name }
                    add(message.nestedType, under: name + ".")
                }
            }
            add(file.messageType, under: prefix)
            for enumeration in file.enumType { symbols[prefix + enumeration.name] = file.name }
        }
        self.files = files
        self.imports = imports
        self.symbols = symbols
    }

    /// The file defining `symbol` (a leading `.` is allowed), if any.
    func file(defining symbol: String) -> String? {
        self.symbols[symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol]
    }

    /// The file named `name`, then every file it imports, transitively, each once; `nil` for an unknown name.
    func withDependencies(of name: String) -> [Data]? {
        guard self.files[name] != nil else { return nil }
        var order: [String] = []
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.first {
            pending.removeFirst()
            guard seen.insert(next).inserted else { continue }
            order.append(next)
            pending += self.imports[next] ?? []
        }
        return order.compactMap { self.files[$0] }
    }
}
