import Crypto
import Foundation

/// The SHA-256 of `bytes` in lower-case hex: how the stores keep codes and tokens, and name files' contents.
func sha256Hex(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
