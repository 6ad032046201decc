/// Why the TLS certificate chain or private key cannot be used.
public enum TLSCredentialsError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The certificate chain file holds no PEM certificate.
    case noCertificate(path: String)
    /// The private key file holds no PEM private key that can be used.
    case invalidPrivateKey(path: String, reason: String)
    /// The key and the chain cannot make a TLS context (often: the key is not the certificate's).
    case unusable(certificateChain: String, privateKey: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .noCertificate(let path):
            "\(path) holds no PEM certificate"
        case .invalidPrivateKey(let path, let reason):
            "\(path) holds no usable PEM private key: \(reason)"
        case .unusable(let chain, let key, let reason):
            "the private key \(key) does not go with the certificate chain \(chain): \(reason)"
        }
    }
}
