import GRPCCore
import Logging
import PoleStageAuth
import PoleStageServices
import PoleStageStore

/// Authenticates every RPC, on both transports, and binds its ``RequestContext``; it also counts and times every
/// RPC (``RPCMeter``), refused ones included.
///
/// Reads `authorization: Bearer <JWT>`, verifies it (``TokenAuthority``), resolves the tenant (``TenantResolver``) and
/// runs the handler, and the response producer of a streaming RPC, with the context bound. A missing, expired or forged
/// token is `UNAUTHENTICATED`, and so is a revoked token or one of a deactivated user (``RevocationList``, in memory:
/// no disk read per call); a call outside the caller's scope is `PERMISSION_DENIED`, logged with opaque ids only.
struct AuthenticationInterceptor: ServerInterceptor {
    let meter: RPCMeter
    let authority: TokenAuthority
    let revocations: RevocationList
    let resolver: TenantResolver
    /// Services served without a token: the standard health service, which load balancers probe, and reflection.
    /// ``AccessPolicy/publicMethods`` are served without a token too.
    let publicServices: Set<String>
    let logger: Logger

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let measurement = self.meter.start(context)
        if self.publicServices.contains(context.descriptor.service.fullyQualifiedService)
            || AccessPolicy.isPublic(context.descriptor)
        {
            do {
                return Self.recording(try await next(request, context), in: measurement)
            } catch {
                measurement.record(error)
                throw error
            }
        }
        var logger = self.logger
        logger[metadataKey: LogKey.requestID] = "\(Self.requestID())"
        logger[metadataKey: LogKey.rpcMethod] = "\(context.descriptor)"
        do {
            let requestContext = try await self.authenticate(
                request.metadata,
                method: context.descriptor,
                logger: &logger
            )
            var response = try await RequestContext.withValue(requestContext) { try await next(request, context) }
            switch response.accepted {
            case .success(var contents):
                let producer = contents.producer
                let callLogger = logger
                contents.producer = { writer in
                    do {
                        let trailers = try await RequestContext.withValue(requestContext) { try await producer(writer) }
                        measurement.record("OK")
                        return trailers
                    } catch {
                        measurement.record(error)
                        self.logIfRefused(error, logger: callLogger)
                        throw error
                    }
                }
                response.accepted = .success(contents)
            case .failure(let error):
                measurement.record(error)
            }
            return response
        } catch {
            measurement.record(error)
            self.logIfRefused(error, logger: logger)
            throw error
        }
    }

    /// `response`, with its status recorded in `measurement` once known.
    private static func recording<Output>(
        _ response: StreamingServerResponse<Output>,
        in measurement: RPCMeter.Measurement
    ) -> StreamingServerResponse<Output> {
        var response = response
        switch response.accepted {
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailers = try await producer(writer)
                    measurement.record("OK")
                    return trailers
                } catch {
                    measurement.record(error)
                    throw error
                }
            }
            response.accepted = .success(contents)
        case .failure(let error):
            measurement.record(error)
        }
        return response
    }

    private func authenticate(
        _ metadata: Metadata,
        method: MethodDescriptor,
        logger: inout Logger
    ) async throws -> RequestContext {
        let principal: Principal
        switch await self.verifiedPrincipal(metadata) {
        case .success(let verified):
            principal = verified
        case .failure(let error):
            logger.debug("RPC refused: not authenticated", metadata: [LogKey.reason: "\(error)"])
            throw RPCError(code: .unauthenticated, message: error.description)
        }
        logger[metadataKey: LogKey.user] = "\(principal.user)"
        logger[metadataKey: LogKey.role] = "\(principal.role.rawValue)"
        let basins = Array(metadata[stringValues: TenantMetadata.basinKey])
        guard basins.count <= 1 else {
            throw RPCError(
                code: .invalidArgument,
                message: "\(TenantMetadata.basinKey) is given \(basins.count) times: name one basin, once"
            )
        }
        let requestedBasin = basins.first
        let context = try await self.resolver.resolve(principal, requestedBasin: requestedBasin, method: method)
        if let basin = context.tenant?.basin.id { logger[metadataKey: LogKey.basin] = "\(basin)" }
        return context
    }

    private func verifiedPrincipal(_ metadata: Metadata) async -> Result<Principal, TokenError> {
        let token: String
        do {
            token = try Self.bearerToken(metadata)
        } catch {
            return .failure(error)
        }
        let claims: TokenClaims
        do {
            claims = try await self.authority.verify(token)
        } catch {
            return .failure(error)
        }
        if let refusal = self.revocations.check(claims) { return .failure(refusal) }
        return Result { () throws(TokenError) in try Principal(claims: claims) }
    }

    /// A random id that ties the log lines of one RPC together.
    static func requestID() -> String {
        let bits = UInt64.random(in: .min ... .max)
        let hex = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func bearerToken(_ metadata: Metadata) throws(TokenError) -> String {
        guard let value = metadata[stringValues: "authorization"].first(where: { _ in true }) else { throw .missing }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else { throw .missing }
        return String(parts[1])
    }

    /// Logs a refusal for who the caller is: ids and roles, the reason; never a token or a payload.
    private func logIfRefused(_ error: any Error, logger: Logger) {
        let code: RPCError.Code?
        let message: String
        switch error {
        case let error as AccessDenied:
            code = .permissionDenied
            message = error.description
        case let error as RPCError:
            code = error.code
            message = error.message
        default:
            return
        }
        if code == .permissionDenied {
            logger.info("RPC refused: permission denied", metadata: [LogKey.reason: "\(message)"])
        }
    }
}

/// Log metadata keys of the server.
enum LogKey {
    static let requestID = "rpc.request_id"
    static let rpcMethod = "rpc.method"
    static let user = "polestage.user"
    static let role = "polestage.role"
    static let basin = "polestage.basin"
    static let reason = "polestage.reason"
}
