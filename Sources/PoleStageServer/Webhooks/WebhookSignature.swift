import Crypto
import Foundation

/// How a webhook is signed: HMAC-SHA256, keyed with the shared secret, over the timestamp, a dot and the body; sent as
/// `X-PoleStage-Timestamp: <unix seconds>` and `X-PoleStage-Signature: v1=<hex>`. A receiver recomputes it and refuses
/// a timestamp too far from its clock, so that a captured request cannot be replayed later.
public enum WebhookSignature {
    public static let timestampHeader = "X-PoleStage-Timestamp"
    public static let signatureHeader = "X-PoleStage-Signature"

    public static func sign(body: [UInt8], timestamp: Int64, secret: [UInt8]) -> String {
        var signed = Array("\(timestamp).".utf8)
        signed += body
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret))
        return "v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is the one of `body` at `timestamp`, compared in constant time.
    public static func verify(signature: String, body: [UInt8], timestamp: Int64, secret: [UInt8]) -> Bool {
        guard signature.hasPrefix("v1="), let bytes = Self.hex(signature.dropFirst(3)) else { return false }
        var signed = Array("\(timestamp).".utf8)
        signed += body
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: signed, using: SymmetricKey(data: secret))
    }

    private static func hex(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
