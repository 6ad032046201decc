import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A self-signed certificate for `localhost` and `127.0.0.1`, written as PEM files into a folder: the server's TLS
/// certificate in tests, and the one root its clients trust.
struct SelfSignedCertificate {
    let certificateChain: URL
    let privateKey: URL
    let certificatePEM: String

    /// Makes a P-256 key and a certificate valid for an hour around now, and writes `cert.pem` and `key.pem`.
    init(in folder: URL) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"),
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.certificatePEM = try certificate.serializeAsPEM().pemString
        self.certificateChain = folder.appendingPathComponent("cert.pem")
        self.privateKey = folder.appendingPathComponent("key.pem")
        try self.certificatePEM.write(to: self.certificateChain, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(to: self.privateKey, atomically: true, encoding: .utf8)
    }

    /// A client configuration that trusts this certificate only, and checks the server's name against it.
    func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(self.certificatePEM.utf8)))
        return configuration
    }
}
