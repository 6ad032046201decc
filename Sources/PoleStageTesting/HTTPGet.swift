import Foundation
import NIOCore
public import PoleStageServer

/// A plain HTTP/1.1 GET to a test server's HTTP port, on a connection of its own (`Connection: close`).
///
/// - Returns: The status code and the body (the whole rest of the response: no chunked encoding is expected).
public func httpGet(_ addresses: ListeningAddresses, _ path: String) async throws -> (status: Int, body: String) {
    try await RawSocket.withConnection(host: addresses.host, port: addresses.port) { socket in
        try await socket.sendRaw(
            ByteBuffer(
                string: "GET \(path) HTTP/1.1\r\nHost: \(addresses.host):\(addresses.port)\r\nConnection: close\r\n\r\n"
            )
        )
        let response = String(buffer: try await socket.readToEnd())
        let parts = response.components(separatedBy: "\r\n\r\n")
        let status = parts.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
