import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

@Suite("The WebSocket upgrade checks Origin against the allow-list")
struct OriginTests {
    @Test(
        "origins",
        arguments: [
            (nil as String?, 101),
            ("ws://127.0.0.1", 101),
            ("https://dashboard.example.org", 101),
            ("https://evil.example.com", 400),
            ("null", 400),
        ]
    )
    func origins(origin: String?, status: Int) async throws {
        var configuration = ServerConfiguration.testing()
        configuration.allowedOrigins = ["https://dashboard.example.org"]
        try await withTestServer(configuration) { _, addresses in
            var headers: [(String, String)] = []
            if let origin { headers.append(("Origin", origin)) }
            try await RawSocket.withUpgrade(to: addresses, extraHeaders: headers) { socket in
                #expect(socket.status == status)
            }
        }
    }

    @Test("a page served by the server itself may connect")
    func sameHost() async throws {
        try await withTestServer { _, addresses in
            let origin = "http://\(addresses.host):\(addresses.port)"
            try await RawSocket.withUpgrade(to: addresses, extraHeaders: [("Origin", origin)]) { socket in
                #expect(socket.status == 101)
            }
        }
    }

    @Test(
        "the allow-list's rules",
        arguments: [
            ("https://a.example", "a.example", true),
            ("https://a.example:8443", "a.example:8443", true),
            ("https://a.example", "b.example", false),
            ("HTTPS://A.EXAMPLE/", "a.example", true),
        ]
    )
    func policy(origin: String, host: String, allowed: Bool) {
        #expect(OriginPolicy().allows(origin: origin, host: host) == allowed)
        #expect(OriginPolicy(allowSameHost: false).allows(origin: origin, host: host) == false)
        #expect(OriginPolicy().allows(origin: nil, host: host))
    }
}
