import Foundation
import Hummingbird
import HummingbirdTesting
import PoleStageServer
import PoleStageTesting
import Testing

/// The HTTP routes beside the gRPC WebSocket, called in-process through Hummingbird's test client: no socket, no port.
@Suite("HTTP routes, in-process")
struct ServerRoutesTests {
    /// A server built but not run: its routes answer as when it runs.
    static func withRoutes(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let configuration = ServerConfiguration.testing()
        defer { try? FileManager.default.removeItem(at: configuration.dataDirectory) }
        let server = try await PoleStageServer(configuration: configuration, logger: .testing)
        try await Application(router: server.router()).test(.router, body)
    }

    @Test("/healthz and /readyz answer while the server serves")
    func health() async throws {
        try await Self.withRoutes { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ready\n")
            }
        }
    }

    @Test("/metrics is Prometheus text with the gauges set at scrape time")
    func metrics() async throws {
        try await Self.withRoutes { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(MetricsTests.sample(text, "polestage_websocket_connections", [:]) == 0)
                #expect(MetricsTests.sample(text, "polestage_stores_open", [:]) == 0)
            }
        }
    }

    @Test("an unknown path, or a method a route does not take, is 404")
    func unknown() async throws {
        try await Self.withRoutes { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/readyz", method: .post) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
