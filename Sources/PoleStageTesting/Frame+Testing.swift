import GRPCProtobuf
import NIOCore
import PoleStageInterop
public import PoleStageWire
public import SwiftProtobuf

extension Frame {
    /// An OPEN frame for `method` (`/package.Service/Method`) with ASCII metadata.
    public static func open(_ id: UInt32, _ method: String, metadata: [(String, String)] = []) -> Frame {
        var open = OpenStream()
        open.method = method
        open.metadata = metadata.map { key, value in
            var entry = MetadataEntry()
            entry.key = key
            entry.asciiValue = value
            return entry
        }
        return .open(StreamID(id), open)
    }

    /// A MESSAGE frame carrying a serialized protobuf message.
    public static func message(_ id: UInt32, _ message: some SwiftProtobuf.Message, flags: FrameFlags = []) -> Frame {
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        return .message(StreamID(id), ByteBuffer(bytes: bytes), flags: flags)
    }

    /// The status code of a TRAILERS frame, `nil` for any other frame.
    public var trailersCode: UInt32? {
        if case .trailers(_, let trailers) = self { return trailers.code }
        return nil
    }

    /// The status message of a TRAILERS frame.
    public var trailersMessage: String? {
        if case .trailers(_, let trailers) = self { return trailers.message }
        return nil
    }
}

/// Method paths of the interop service, for raw frames.
public enum InteropPath {
    public static let emptyCall = "/grpc.testing.TestService/EmptyCall"
    public static let unaryCall = "/grpc.testing.TestService/UnaryCall"
    public static let streamingOutputCall = "/grpc.testing.TestService/StreamingOutputCall"
    public static let fullDuplexCall = "/grpc.testing.TestService/FullDuplexCall"
}

/// Requests of the interop service, for raw frames.
public enum InteropMessage {
    public static var empty: some SwiftProtobuf.Message { Grpc_Testing_Empty() }

    /// A unary request asking for `responseSize` bytes back.
    public static func simple(responseSize: Int32) -> some SwiftProtobuf.Message {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = responseSize
        return request
    }

    /// A streaming-output request for `count` responses of `size` bytes each.
    public static func streamingOutput(count: Int, size: Int32) -> some SwiftProtobuf.Message {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = (0..<count).map { _ in
            var parameters = Grpc_Testing_ResponseParameters()
            parameters.size = size
            return parameters
        }
        return request
    }
}
