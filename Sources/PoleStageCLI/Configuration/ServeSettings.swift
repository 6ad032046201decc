import Foundation
import Logging
import PoleStageAuth
import PoleStageLive
import PoleStageServer
import PoleStageStore
import PoleStageWebSocketTransport

/// What `polestage serve` runs with, typed: the server's configuration and the executable's own options.
struct ServeSettings {
    /// How log lines are written.
    enum LogFormat: String {
        case auto, json, text
    }

    var server: ServerConfiguration
    var logLevel: Logger.Level
    var logFormat: LogFormat
    var demo: Bool
    /// The PostgreSQL database of the stores; `nil` for SQLite files under the data folder.
    var database: String?
    /// Serve `grpc.testing.TestService` beside PoleStage's services, without a token (conformance runs only).
    var interopTestService: Bool
    /// Where each value came from, for messages about files.
    let layers: LayeredSettings

    /// Types the settings and checks the ones that go together.
    ///
    /// - Throws: ``ConfigurationError`` for a malformed signing key, or a TLS certificate without its key (or the
    ///   reverse).
    init(_ layers: LayeredSettings) throws(ConfigurationError) {
        self.layers = layers
        self.logLevel = Logger.Level(rawValue: layers.text(.logLevel)) ?? .info
        self.logFormat = LogFormat(rawValue: layers.text(.logFormat)) ?? .auto
        self.demo = layers.boolean(.demo)
        self.database = layers.string(.database)
        self.interopTestService = layers.boolean(.interopTestService)
        self.server = ServerConfiguration(
            host: layers.text(.host),
            port: layers.integer(.port),
            grpcPort: layers.integer(.grpcPort),
            webSocketPath: layers.text(.webSocketPath),
            transport: WebSocketTransportConfiguration(
                maxMessageSize: layers.integer(.maxMessageSize),
                maxConcurrentStreams: layers.integer(.maxConcurrentStreams)
            ),
            dataDirectory: layers.dataDirectory,
            signingKeys: try layers.signingKeys(),
            signingKeyID: layers.string(.signingKeyID),
            allowedOrigins: layers.strings(.allowedOrigins),
            reservationHold: .seconds(layers.integer(.reservationHold)),
            requestHeadTimeout: .seconds(layers.integer(.requestHeadTimeout)),
            maxRequestHeadSize: layers.integer(.maxRequestHeadSize),
            changeLogRetention: ChangeLogRetention(
                maxEntries: layers.integer(.changeLogMaxEntries),
                maxAge: .seconds(layers.integer(.changeLogMaxAge))
            ),
            dashboardDirectory: DashboardLocation.resolve(
                configured: layers.text(.dashboardDirectory),
                explicit: {
                    if case .builtIn? = layers.source(of: .dashboardDirectory) { return false }
                    return true
                }()
            ),
            tls: try Self.tls(layers)
        )
        let library = layers.text(.mapLibraryDirectory)
        self.server.mapLibraryDirectory = library.isEmpty ? nil : URL(fileURLWithPath: library)
        self.server.mapTilesURL = try Self.mapTiles(layers)
        self.server.live = LiveConfiguration(
            mailboxCapacity: layers.integer(.mailboxCapacity),
            heartbeatInterval: .seconds(layers.integer(.heartbeatInterval))
        )
        self.server.pupilRetention = .seconds(layers.integer(.pupilRetentionDays) * 86_400)
        self.server.webhooks.urls = try Self.webhookURLs(layers)
    }

    /// The webhook URLs, each http(s), and the file of their secret: both or neither. The secret is read by
    /// ``checkFiles()``.
    private static func webhookURLs(_ layers: LayeredSettings) throws(ConfigurationError) -> [URL] {
        let urls = layers.strings(.webhookURLs)
        let secretFile = layers.stringEntry(.webhookSecretFile)
        guard !urls.isEmpty else {
            if let secretFile { throw .incomplete(present: secretFile.source, missing: .webhookURLs) }
            return []
        }
        let source = layers.source(of: .webhookURLs) ?? .builtIn(.webhookURLs)
        var parsed: [URL] = []
        for text in urls {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else { throw .invalidValue(source, "'\(text)' is not an http or https URL") }
            parsed.append(url)
        }
        if secretFile == nil { throw .incomplete(present: source, missing: .webhookSecretFile) }
        return parsed
    }

    /// The map's tile URL template: http(s), with {z}, {x} and {y}.
    private static func mapTiles(_ layers: LayeredSettings) throws(ConfigurationError) -> String? {
        guard let entry = layers.stringEntry(.mapTilesURL), !entry.value.isEmpty else { return nil }
        guard MapTiles.origin(ofTemplate: entry.value) != nil else {
            throw .invalidValue(entry.source, "'\(entry.value)' is not an http(s) tile URL with {z}, {x} and {y}")
        }
        return entry.value
    }

    /// Both TLS files, or neither.
    private static func tls(_ layers: LayeredSettings) throws(ConfigurationError) -> TLSCertificateFiles? {
        switch (layers.stringEntry(.tlsCertificateChain), layers.stringEntry(.tlsPrivateKey)) {
        case (nil, nil):
            return nil
        case (let chain?, let key?):
            return TLSCertificateFiles(
                certificateChain: URL(fileURLWithPath: chain.value),
                privateKey: URL(fileURLWithPath: key.value)
            )
        case (let chain?, nil):
            throw .incomplete(present: chain.source, missing: .tlsPrivateKey)
        case (nil, let key?):
            throw .incomplete(present: key.source, missing: .tlsCertificateChain)
        }
    }

    /// Checks that the files the settings name can be read, before the server starts.
    ///
    /// - Throws: ``ConfigurationError`` naming the setting, and where it was set.
    /// Reads the webhooks' secret.
    mutating func checkFiles() throws(ConfigurationError) {
        for setting in [Setting.tlsCertificateChain, .tlsPrivateKey, .webhookSecretFile] {
            guard let (path, source) = self.layers.stringEntry(setting) else { continue }
            guard FileManager.default.isReadableFile(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw .invalidValue(source, exists ? "cannot read \(path)" : "no file at \(path)")
            }
        }
        if let (path, source) = self.layers.stringEntry(.webhookSecretFile) {
            guard var secret = FileManager.default.contents(atPath: path).map(Array.init) else {
                throw .invalidValue(source, "cannot read \(path)")
            }
            if secret.last == UInt8(ascii: "\n") { secret.removeLast() }
            guard secret.count >= 32 else {
                throw .invalidValue(source, "the secret in \(path) is \(secret.count) bytes: 32 or more are needed")
            }
            self.server.webhooks.secret = secret
        }
    }
}

extension LayeredSettings {
    /// The data folder (`[storage] data_dir`).
    var dataDirectory: URL {
        URL(fileURLWithPath: self.text(.dataDirectory), isDirectory: true)
    }

    /// The signing keys (`[auth] signing_keys`), parsed.
    ///
    /// - Throws: ``ConfigurationError`` naming where the malformed key was set.
    func signingKeys() throws(ConfigurationError) -> [SigningKey] {
        do {
            return try self.strings(.signingKeys).map { entry throws(AuthConfigurationError) in
                try SigningKey(parsing: entry)
            }
        } catch {
            throw .invalidValue(self.source(of: .signingKeys) ?? .builtIn(.signingKeys), "\(error)")
        }
    }
}
