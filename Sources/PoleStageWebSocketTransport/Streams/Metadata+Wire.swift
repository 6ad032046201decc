import GRPCCore
import PoleStageWire

extension Metadata {
    /// Metadata from the entries of an OPEN, HEADERS or TRAILERS frame.
    init(wireEntries entries: [MetadataEntry]) {
        self.init()
        self.reserveCapacity(entries.count)
        for entry in entries {
            switch entry.value {
            case .asciiValue(let value):
                self.addString(value, forKey: entry.key)
            case .binaryValue(let value):
                self.addBinary(Array(value), forKey: entry.key)
            case .none:
                self.addString("", forKey: entry.key)
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
