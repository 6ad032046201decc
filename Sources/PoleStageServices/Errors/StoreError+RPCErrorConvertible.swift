public import GRPCCore
public import PoleStageStore

extension StoreError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch self {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .failedPrecondition
        case .staleVersion: .aborted
        case .invalid: .invalidArgument
        case .corrupt: .dataLoss
        }
    }

    public var rpcErrorMessage: String { self.description }
}
