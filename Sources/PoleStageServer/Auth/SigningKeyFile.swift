import Foundation
import PoleStageAuth

/// The signing keys of a server started without any: one random key, kept in `<data>/secrets/signing-keys`
/// (mode 0600) so that tokens survive a restart.
///
/// The file holds one `KID:BASE64SECRET` line per key, the signing key first; operators may add keys to rotate.
enum SigningKeyFile {
    static func loadOrCreate(in directory: URL) throws -> [SigningKey] {
        let secrets = directory.appendingPathComponent("secrets", isDirectory: true)
        let file = secrets.appendingPathComponent("signing-keys")
        if FileManager.default.fileExists(atPath: file.path) {
            return try SigningKey.parseKeyFile(try String(contentsOf: file, encoding: .utf8))
        }
        try FileManager.default.createDirectory(
            at: secrets,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        var secret = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in secret.indices { secret[index] = UInt8.random(in: 0...255, using: &generator) }
        let key = try SigningKey(id: "k1", secret: secret)
        let line = "k1:\(Data(secret).base64EncodedString())\n"
        guard
            FileManager.default.createFile(
                atPath: file.path,
                contents: Data(line.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw CocoaError(.fileWriteUnknown) }
        return [key]
    }
}
