import PoleStageWire

/// Property 8: the metadata entries of every decoded OPEN, HEADERS and TRAILERS are judged as `docs/protocol.md` §3,
/// "Metadata", says (``MetadataModel``, written from the document), without trapping, and a refusal's description is
/// short and printable (it becomes a status message).
enum MetadataChecks {
    static func check(_ frame: Frame) {
        let entries: [MetadataEntry]
        switch frame {
        case .open(_, let open): entries = open.metadata
        case .headers(_, let headers): entries = headers.metadata
        case .trailers(_, let trailers): entries = trailers.metadata
        default: return
        }
        let expected = entries.first { !MetadataModel.isValid($0) }
        let violation = entries.metadataViolation
        guard expected?.key == violation?.key else {
            violated(
                "metadata entries are judged as docs/protocol.md §3 says",
                "got \(String(describing: violation)), expected a refusal of \(String(describing: expected?.key))"
            )
        }
        if let violation {
            let description = violation.description
            guard description.utf8.count <= 240, description.unicodeScalars.allSatisfy({ $0.value >= 0x20 })
            else { violated("a metadata refusal is a short, printable status message", description) }
        }
    }
}

/// `docs/protocol.md` §3, "Metadata", read apart from ``MetadataEntry/violation``.
enum MetadataModel {
    static let keyCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyz_-.".unicodeScalars)

    static func isValid(_ entry: MetadataEntry) -> Bool {
        let key = entry.key
        guard !key.isEmpty, key.unicodeScalars.allSatisfy({ Self.keyCharacters.contains($0) }) else { return false }
        let binaryKey = key.hasSuffix("-bin")
        switch entry.value {
        case .none: return true
        case .binaryValue: return binaryKey
        case .asciiValue(let value):
            return !binaryKey && value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        }
    }
}

extension MetadataViolation {
    /// The key the violation names; `""` for an empty key.
    var key: String {
        switch self {
        case .emptyKey: ""
        case .invalidKey(let key), .binaryValueOnASCIIKey(let key), .asciiValueOnBinaryKey(let key),
            .invalidASCIIValue(let key):
            key
        }
    }
}
