import GRPCCore
import PoleStageWire

extension Metadata {
    /// Metadata from the entries of an OPEN, HEADERS or TRAILERS frame.
    ///
    /// - Throws: The first entry's ``MetadataViolation`` (`docs/protocol.md` §3, "Metadata"): GRPCCore's
    ///   `Metadata` must never see a binary value on a key that does not end in `-bin` (it traps in debug builds).
    init(wireEntries entries: [MetadataEntry]) throws(MetadataViolation) {
        self.init()
        self.reserveCapacity(entries.count)
        for entry in entries {
            if let violation = entry.violation { throw violation }
            switch entry.value {
            case .asciiValue(let value):
                self.addString(value, forKey: entry.key)
            case .binaryValue(let value):
                self.addBinary(Array(value), forKey: entry.key)
            case .none:
                if entry.hasBinaryKey {
                    self.addBinary([], forKey: entry.key)
                } else {
                    self.addString("", forKey: entry.key)
                }
            }
        }
    }

    /// The entries of an OPEN, HEADERS or TRAILERS frame.
    var wireEntries: [MetadataEntry] {
        self.map { key, value in
            var entry = MetadataEntry()
            entry.key = key
            switch value {
            case .string(let string):
                entry.asciiValue = string
            case .binary(let bytes):
                entry.binaryValue = .init(bytes)
            }
            return entry
        }
    }
}
