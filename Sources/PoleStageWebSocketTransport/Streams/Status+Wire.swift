import GRPCCore
import PoleStageWire

extension Trailers {
    /// A TRAILERS body carrying a status and its metadata.
    init(status: Status, metadata: Metadata) {
        self.init()
        self.code = UInt32(status.code.rawValue)
        self.message = status.message
        self.metadata = metadata.wireEntries
    }

    /// A TRAILERS body for an error.
    init(error: RPCError) {
        self.init(status: Status(code: Status.Code(error.code), message: error.message), metadata: error.metadata)
    }

    /// The status the body carries; an unknown code becomes UNKNOWN.
    var status: Status {
        Status(code: Status.Code(rawValue: Int(self.code)) ?? .unknown, message: self.message)
    }
}

extension Reset {
    init(code: RPCError.Code, message: String) {
        self.init()
        self.code = UInt32(Status.Code(code).rawValue)
        self.message = message
    }

    /// The error a RESET from the peer ends a stream with.
    var rpcError: RPCError {
        let code = Status.Code(rawValue: Int(self.code)).flatMap(RPCError.Code.init) ?? .cancelled
        return RPCError(code: code, message: self.message.isEmpty ? "stream reset by peer" : self.message)
    }
}

extension RPCError {
    /// The error as sent in TRAILERS: an `RPCError` as it is, anything else UNKNOWN with no detail.
    init(sending error: any Error) {
        if let error = error as? RPCError {
            self = error
        } else if let convertible = error as? any RPCErrorConvertible {
            self = RPCError(convertible)
        } else if error is CancellationError {
            self = RPCError(code: .cancelled, message: "The RPC was cancelled.")
        } else {
            self = RPCError(code: .unknown, message: "")
        }
    }
}
