import ArgumentParser
import Foundation
import PoleStageAuth

/// Where the server keeps its data, and the keys that sign its tokens: shared by `serve` and `token`.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "The data folder: academy.sqlite, basins/, secrets/.")
    var data = "data"

    @Option(
        name: .customLong("signing-key"),
        help: """
            A token signing key, KID:BASE64SECRET (at least 32 bytes). Repeatable, for rotation. Also \
            POLESTAGE_SIGNING_KEYS (comma-separated). Without any: <data>/secrets/signing-keys, created on first start.
            """
    )
    var signingKeyEntries: [String] = []

    @Option(name: .customLong("signing-key-id"), help: "The key id that signs new tokens; the first key's by default.")
    var signingKeyID: String?

    var dataDirectory: URL { URL(fileURLWithPath: self.data, isDirectory: true) }

    func signingKeys() throws -> [SigningKey] {
        var entries = self.signingKeyEntries
        if entries.isEmpty, let environment = ProcessInfo.processInfo.environment["POLESTAGE_SIGNING_KEYS"] {
            entries = environment.split(separator: ",").map { String($0) }
        }
        do {
            return try entries.map { try SigningKey(parsing: $0) }
        } catch {
            throw ValidationError("--signing-key: \(error)")
        }
    }
}
