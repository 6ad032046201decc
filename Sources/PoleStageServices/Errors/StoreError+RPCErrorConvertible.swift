public import GRPCCore
package import PoleStageStore

extension StoreError: RPCErrorConvertible {
    package var rpcErrorCode: RPCError.Code {
        switch self {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .failedPrecondition
        case .staleVersion: .aborted
        case .invalid: .invalidArgument
        case .corrupt: .dataLoss
        }
    }

    package var rpcErrorMessage: String { self.description }
}
