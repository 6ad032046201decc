/// An HMAC-SHA256 key that signs and verifies tokens, named by its key id (`kid`).
///
/// Rotation: add the new key, make it the one that signs, and keep the old one until its tokens have expired.
public struct SigningKey: Sendable, Hashable {
    public static let minimumLength = 32

    public let id: String
    package let secret: [UInt8]

    /// - Throws: ``AuthConfigurationError`` when the key id is empty or the secret is shorter than 32 bytes.
    public init(id: String, secret: [UInt8]) throws(AuthConfigurationError) {
        guard !id.isEmpty, id.utf8.count <= 64,
            id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { throw .invalidKeyID(id) }
        guard secret.count >= Self.minimumLength else { throw .keyTooShort(id: id, length: secret.count) }
        self.id = id
        self.secret = secret
    }
}

/// A token configuration the server refuses to start with.
public enum AuthConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case keyTooShort(id: String, length: Int)
    case invalidKeyID(String)
    case noKeys
    case unknownSigningKey(String)
    case duplicateKeyID(String)
    case malformedKey(String)

    public var description: String {
        switch self {
        case .keyTooShort(let id, let length):
            "signing key '\(id)' is \(length) bytes long: an HMAC key needs at least \(SigningKey.minimumLength) bytes"
        case .invalidKeyID(let id): "signing key id '\(id)' must be 1 to 64 letters, digits, '-', '_' or '.'"
        case .noKeys: "no signing key is configured"
        case .unknownSigningKey(let id): "the signing key id '\(id)' names no configured key"
        case .duplicateKeyID(let id): "signing key id '\(id)' is configured twice"
        case .malformedKey(let entry): "signing key '\(entry)' must be written KID:BASE64SECRET"
        }
    }
}
