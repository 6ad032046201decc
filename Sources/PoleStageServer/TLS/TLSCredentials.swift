import Foundation
import GRPCNIOTransportHTTP2
import NIOSSL

/// The certificate chain and private key of ``TLSCertificateFiles``, read and checked, ready for both ports.
struct TLSCredentials: Sendable {
    let certificateChain: [NIOSSLCertificate]
    let privateKey: NIOSSLPrivateKey
    private let certificateChainPEM: [UInt8]
    private let privateKeyPEM: [UInt8]

    /// Reads both files and checks that they make a TLS server context.
    ///
    /// - Throws: ``TLSCredentialsError`` naming the file at fault.
    init(files: TLSCertificateFiles) throws(TLSCredentialsError) {
        let chainPath = files.certificateChain.path
        let keyPath = files.privateKey.path
        self.certificateChainPEM = try Self.read(chainPath)
        self.privateKeyPEM = try Self.read(keyPath)
        do {
            self.certificateChain = try NIOSSLCertificate.fromPEMBytes(self.certificateChainPEM)
        } catch {
            throw .noCertificate(path: chainPath)
        }
        guard !self.certificateChain.isEmpty else { throw .noCertificate(path: chainPath) }
        do {
            self.privateKey = try NIOSSLPrivateKey(bytes: self.privateKeyPEM, format: .pem)
        } catch {
            throw .invalidPrivateKey(path: keyPath, reason: "\(error)")
        }
        do {
            _ = try NIOSSLContext(configuration: self.httpConfiguration)
        } catch {
            throw .unusable(certificateChain: chainPath, privateKey: keyPath, reason: "\(error)")
        }
    }

    /// The HTTP port's server configuration: HTTP/1.1 (WebSocket upgrades need it).
    var httpConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: self.certificateChain.map { .certificate($0) },
            privateKey: .privateKey(self.privateKey)
        )
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }

    /// The gRPC port's transport security.
    var grpcTransportSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
        .tls(
            certificateChain: [.bytes(self.certificateChainPEM, format: .pem)],
            privateKey: .bytes(self.privateKeyPEM, format: .pem)
        )
    }

    private static func read(_ path: String) throws(TLSCredentialsError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
