import ArgumentParser
import Foundation

@testable import PoleStageCLI

/// A temporary folder for configuration files, removed after `body`.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "polestage-config-tests/\(UUID().uuidString)",
        isDirectory: true
    )
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// `polestage serve` parsed from `arguments`, with `toml` (if any) written to `polestage.toml` in a temporary folder
/// and passed as `--config`, then its settings resolved against `environment`.
func serveSettings(
    toml: String? = nil,
    environment: [String: String] = [:],
    arguments: [String] = []
) throws -> ServeSettings {
    try withTemporaryFolder { folder in
        var arguments = arguments
        if let toml {
            let file = folder.appendingPathComponent("polestage.toml")
            try toml.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--config", file.path]
        }
        let command = try ServeCommand.parse(arguments)
        return try command.settings(environment: environment)
    }
}

/// The message `polestage serve` would stop with, or `nil` when it would start. The file's path is shown as
/// `polestage.toml`, as an operator in its folder would see it.
func refusal(toml: String? = nil, environment: [String: String] = [:], arguments: [String] = []) throws -> String? {
    do {
        _ = try serveSettings(toml: toml, environment: environment, arguments: arguments)
        return nil
    } catch let error as ConfigurationError {
        return error.description.replacing(/\/\S*\/polestage\.toml/, with: "polestage.toml")
    }
}

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
