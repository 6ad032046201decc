/// Which web origins may open the gRPC WebSocket, against cross-site WebSocket hijacking.
///
/// Browsers send `Origin` on every WebSocket upgrade and let any page open a socket to any host; the server must turn
/// away pages it does not trust. A page's origin is `http(s)://…` (or `null`). Clients that are not browsers send no
/// `Origin`, or a `ws(s)://` one (hummingbird-websocket's client does): no page can send those, so they are let through
/// and authenticate with their token on every call, like any client.
public struct OriginPolicy: Sendable, Equatable {
    /// Origins allowed besides the server's own, as `scheme://host[:port]`, compared without case.
    public var allowed: Set<String>
    /// Whether a page served by this server (its `Origin` names the request's `Host`) may connect.
    public var allowSameHost: Bool

    public init(allowed: [String] = [], allowSameHost: Bool = true) {
        self.allowed = Set(allowed.map { Self.normalize($0) })
        self.allowSameHost = allowSameHost
    }

    /// Every origin: for tests and deployments behind a proxy that checks it.
    public static let any = OriginPolicy(allowed: ["*"])

    /// Whether an upgrade with these `Origin` and `Host` headers may proceed.
    public func allows(origin: String?, host: String?) -> Bool {
        guard let origin else { return true }
        let normalized = Self.normalize(origin)
        if normalized.hasPrefix("ws://") || normalized.hasPrefix("wss://") { return true }
        if self.allowed.contains("*") || self.allowed.contains(normalized) { return true }
        guard self.allowSameHost, let host, normalized != "null" else { return false }
        // "https://example.org:8443" names host "example.org:8443".
        let parts = normalized.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return false }
        return parts[2] == host.lowercased()
    }

    static func normalize(_ origin: String) -> String {
        var value = origin.lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }
}
