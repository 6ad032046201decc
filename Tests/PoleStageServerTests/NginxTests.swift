import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Debian's nginx, when installed (`.ci/run` installs it).
private let nginxBinary: String? = ["/usr/sbin/nginx", "/usr/bin/nginx"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// `deploy/nginx/polestage.conf` in front of a real server, with Debian's nginx: clients go through it on both ports.
@Suite("deploy/nginx in front of the server", .enabled(if: nginxBinary != nil, "nginx is not installed"))
struct NginxTests {
    static var nginx: String? { nginxBinary }

    static var siteFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("deploy/nginx/polestage.conf")
    }

    /// A port nobody listens on now (bound then released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Rewrites the site's ports, checking that each line it rewrites is there.
    static func site(httpPort: Int, grpcPort: Int, upstream: ListeningAddresses) throws -> String {
        try Self.site(httpPort: httpPort, grpcPort: grpcPort, nodes: [upstream])
    }

    /// Rewrites the site's ports, with every node in each upstream (every occurrence: the HTTP port backs two).
    static func site(httpPort: Int, grpcPort: Int, nodes: [ListeningAddresses]) throws -> String {
        var text = try String(contentsOf: Self.siteFile, encoding: .utf8)
        for (old, new) in [
            ("listen 80;", "listen 127.0.0.1:\(httpPort);"),
            ("listen 50443 http2;", "listen 127.0.0.1:\(grpcPort) http2;"),
            ("server 127.0.0.1:8080;", nodes.map { "server 127.0.0.1:\($0.port);" }.joined(separator: " ")),
            ("server 127.0.0.1:50051;", nodes.map { "server 127.0.0.1:\($0.grpcPort);" }.joined(separator: " ")),
        ] {
            guard text.contains(old) else { throw TestFailure("deploy/nginx/polestage.conf has no '\(old)'") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// Runs nginx with the site in a prefix of its own until `body` returns.
    static func withNginx<T: Sendable>(
        site: String,
        port: Int,
        _ body: () async throws -> T
    ) async throws -> T {
        let prefix = URL.temporaryTestDirectory()
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: prefix) }
        try site.write(to: prefix.appendingPathComponent("polestage.conf"), atomically: true, encoding: .utf8)
        let main = """
            daemon off;
            worker_processes 1;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
                include \(prefix.path)/polestage.conf;
            }
            """
        try main.write(to: prefix.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nginx!)
        process.arguments = [
            "-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path, "-e", prefix.path + "/error.log",
        ]
        let (exited, continuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = {
            continuation.yield($0.terminationStatus); continuation.finish()
        }
        try process.runWorkingAroundFoundation5472()
        defer { if process.isRunning { process.terminate() } }
        // Ready once it accepts connections; each try is one connection attempt, bounded in number.
        try await withTimeout(.seconds(20)) {
            while true {
                if (try? await httpGet(
                    ListeningAddresses(host: "127.0.0.1", port: port, grpcPort: 0, webSocketPath: "/grpc"),
                    "/healthz"
                ))?.status == 200 {
                    return
                }
                if !process.isRunning {
                    let log =
                        (try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                    throw TestFailure("nginx exited: \(log)")
                }
            }
        }
        let result: T
        do {
            result = try await body()
        } catch {
            let log = (try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            throw TestFailure("\(error); nginx's error log: \(log)")
        }
        process.terminate()
        _ = try await withTimeout {
            for await code in exited { return code }; return -1
        }
        return result
    }

    struct Calls: ClientBody {
        let fixture: DomainFixture
        let create: Bool
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> [Int64] {
            let clients = DomainClients(client)
            if self.create { _ = try await self.fixture.createOffer(clients) }
            await expectStatus(.unauthenticated, "missing 'authorization") {
                try await clients.offers.searchOffers(.init(), metadata: [:])
            }
            let found = try await clients.offers.searchOffers(.init(), metadata: self.fixture.metadata(.schoolA1))
            return found.offers.map(\.id)
        }
    }

    @Test("a client connects through nginx over the WebSocket and over HTTP/2; statuses pass through")
    func throughNginx() async throws {
        try await withDomainServer { _, addresses, fixture in
            let (httpPort, grpcPort) = (try await Self.freePort(), try await Self.freePort())
            let site = try Self.site(httpPort: httpPort, grpcPort: grpcPort, upstream: addresses)
            try await Self.withNginx(site: site, port: httpPort) {
                let proxied = ListeningAddresses(
                    host: "127.0.0.1",
                    port: httpPort,
                    grpcPort: grpcPort,
                    webSocketPath: "/grpc"
                )
                let viaWebSocket = try await TransportKind.webSocket.withClient(
                    to: proxied,
                    Calls(fixture: fixture, create: true)
                )
                #expect(viaWebSocket.count == 1)
                let viaHTTP2 = try await TransportKind.http2.withClient(
                    to: proxied,
                    Calls(fixture: fixture, create: false)
                )
                #expect(viaHTTP2 == viaWebSocket)
                let ready = try await httpGet(proxied, "/readyz")
                #expect(ready.status == 200)
                // A page of another site is refused at the upgrade, through the proxy too.
                try await RawSocket.withUpgrade(to: proxied, extraHeaders: [("Origin", "https://evil.example.com")]) {
                    socket in
                    #expect(socket.status == 400)
                }
            }
        }
    }
}
