import GRPCCore

/// Counts every RPC of one transport by service, method and final status code, and times it.
///
/// ``AuthenticationInterceptor`` starts a ``Measurement`` first, before authenticating, so refused calls are counted
/// too; a streaming response is counted when its producer ends. It is not an interceptor of its own: each GRPCCore
/// interceptor adds its frames to every RPC's task, which keeps them as long as the RPC lasts (`DomainBenchmarks
/// memory`: the frames of an idle subscription).
struct RPCMeter: Sendable {
    let metrics: ServerMetrics
    /// `websocket` or `http2`.
    let transport: String

    /// One RPC being measured.
    struct Measurement: Sendable {
        let meter: RPCMeter
        let service: String
        let method: String
        let start: ContinuousClock.Instant

        /// Records the RPC's final status code.
        func record(_ code: String) {
            self.meter.metrics.recordRPC(
                service: self.service,
                method: self.method,
                code: code,
                transport: self.meter.transport,
                duration: ContinuousClock.now - self.start
            )
        }

        /// Records the code GRPCCore will send for `error`.
        func record(_ error: any Error) {
            self.record(RPCMeter.code(of: error))
        }
    }

    /// Starts measuring the RPC of `context`.
    func start(_ context: ServerContext) -> Measurement {
        Measurement(
            meter: self,
            service: context.descriptor.service.fullyQualifiedService,
            method: context.descriptor.method,
            start: .now
        )
    }

    /// The status code GRPCCore will send for an error: its own code, a convertible's, or UNKNOWN.
    static func code(of error: any Error) -> String {
        switch error {
        case let error as RPCError: name(of: error.code)
        case let error as any RPCErrorConvertible: name(of: error.rpcErrorCode)
        default: name(of: .unknown)
        }
    }

    /// The code's canonical name, as gRPC writes it: `permissionDenied` → `PERMISSION_DENIED`.
    static func name(of code: RPCError.Code) -> String {
        var name = ""
        for character in "\(code)" {
            if character.isUppercase { name.append("_") }
            name.append(contentsOf: character.uppercased())
        }
        return name
    }
}
