import Foundation
import HTTPTypes
public import Hummingbird
public import NIOCore

/// The context of the server's HTTP routes: Hummingbird's basic one, with the peer's address (for the sign-in limiter).
public struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's address as the limiter counts it: the peer's, or, when the peer is a proxy on this machine, the
    /// last address the proxy added to `X-Forwarded-For`.
    func clientAddress(_ request: Request) -> String {
        let peer = self.remoteAddress?.ipAddress ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1",
            let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last
        else { return peer }
        return forwarded.trimmingCharacters(in: .whitespaces)
    }
}
