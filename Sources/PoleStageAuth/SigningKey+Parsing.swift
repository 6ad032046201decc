import Foundation

extension SigningKey {
    /// Parses `KID:BASE64SECRET`, as in the key file, `--signing-key` and `POLESTAGE_SIGNING_KEYS`.
    public init(parsing entry: String) throws(AuthConfigurationError) {
        let parts = entry.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let secret = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw .malformedKey(String(parts.first ?? "")) }
        try self.init(id: String(parts[0]), secret: [UInt8](secret))
    }

    /// The keys of a key file (`<data>/secrets/signing-keys`): one `KID:BASE64SECRET` per line, the signing key first;
    /// blank lines and lines starting with `#` are skipped, spaces around a line ignored. The one reader of that file,
    /// for the server and for `polestage token`.
    ///
    /// - Throws: ``AuthConfigurationError/noKeys`` when the file holds none.
    public static func parseKeyFile(_ text: String) throws(AuthConfigurationError) -> [SigningKey] {
        var keys: [SigningKey] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            keys.append(try SigningKey(parsing: entry))
        }
        guard !keys.isEmpty else { throw .noKeys }
        return keys
    }
}
