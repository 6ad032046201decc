import Foundation
import NIOCore
public import PoleStageServer

/// A response read by ``httpExchange(_:_:)``.
public struct HTTPTestResponse: Sendable {
    public var status: Int
    /// Header fields by lowercased name (the last one wins when a name repeats).
    public var headers: [String: String]
    public var body: String
}

/// A plain HTTP/1.1 GET to a test server's HTTP port, on a connection of its own (`Connection: close`).
///
/// - Returns: The status code and the body (the whole rest of the response: no chunked encoding is expected).
public func httpGet(_ addresses: ListeningAddresses, _ path: String) async throws -> (status: Int, body: String) {
    let response = try await httpExchange(addresses, path)
    return (response.status, response.body)
}

/// A plain HTTP/1.1 GET, the path sent exactly as given (no normalization), with the response's headers.
public func httpExchange(_ addresses: ListeningAddresses, _ path: String) async throws -> HTTPTestResponse {
    try await httpRequest(addresses, "GET", path)
}

/// A plain HTTP/1.1 request on a connection of its own (`Connection: close`): `headers` sent as given, `body` with its
/// `Content-Length`.
public func httpRequest(
    _ addresses: ListeningAddresses,
    _ method: String,
    _ path: String,
    headers: [(String, String)] = [],
    body: String? = nil
) async throws -> HTTPTestResponse {
    try await RawSocket.withConnection(host: addresses.host, port: addresses.port) { socket in
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(addresses.host):\(addresses.port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        try await socket.sendRaw(ByteBuffer(string: head + "\r\n" + (body ?? "")))
        let response = String(buffer: try await socket.readToEnd())
        let parts = response.components(separatedBy: "\r\n\r\n")
        let lines = (parts.first ?? "").components(separatedBy: "\r\n")
        let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        return HTTPTestResponse(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
