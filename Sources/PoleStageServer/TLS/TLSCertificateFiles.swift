public import Foundation

/// Where the server's TLS certificate chain and private key are, both PEM files.
///
/// With them, the HTTP port serves `https://` and `wss://`, and the gRPC port serves gRPC over TLS. The files are read
/// once, when ``PoleStageServer`` is created.
public struct TLSCertificateFiles: Sendable, Equatable {
    /// The server's certificate first, then any intermediate certificates, in PEM.
    public var certificateChain: URL
    /// The private key of the server's certificate, in PEM.
    public var privateKey: URL

    public init(certificateChain: URL, privateKey: URL) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}
