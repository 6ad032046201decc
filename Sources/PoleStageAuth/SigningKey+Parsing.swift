import Foundation

extension SigningKey {
    /// Parses `KID:BASE64SECRET`, as in the key file, `--signing-key` and `POLESTAGE_SIGNING_KEYS`.
    public init(parsing entry: String) throws(AuthConfigurationError) {
        let parts = entry.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let secret = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw .malformedKey(String(parts.first ?? "")) }
        try self.init(id: String(parts[0]), secret: [UInt8](secret))
    }
}
