import Foundation
import PoleStageWire
import Testing

@Suite("Metadata rules (docs/protocol.md §3)")
struct MetadataRulesTests {
    static func entry(_ key: String, ascii: String? = nil, binary: [UInt8]? = nil) -> MetadataEntry {
        var entry = MetadataEntry()
        entry.key = key
        if let ascii { entry.asciiValue = ascii }
        if let binary { entry.binaryValue = Data(binary) }
        return entry
    }

    @Test(
        "entries that keep the rules",
        arguments: [
            entry("authorization", ascii: "Bearer abc.def"),
            entry("polestage-basin", ascii: ""),
            entry("grpc-timeout", ascii: "100m"),
            entry("x.trace_id-2", ascii: " ~printable~ "),
            entry("trace-bin", binary: [0, 0xFF]),
            entry("trace-bin"),
            entry("-bin", binary: []),
            entry("no-value"),
        ]
    )
    func valid(_ entry: MetadataEntry) {
        #expect(entry.violation == nil)
    }

    @Test(
        "entries that break them, and why",
        arguments: [
            (entry("", ascii: "x"), MetadataViolation.emptyKey),
            (entry("Authorization", ascii: "x"), .invalidKey("Authorization")),
            (entry("x key", ascii: "x"), .invalidKey("x key")),
            (entry(":path", ascii: "/a/b"), .invalidKey(":path")),
            (entry("clé", ascii: "x"), .invalidKey("clé")),
            (entry("authorization", binary: [1]), .binaryValueOnASCIIKey("authorization")),
            (entry("trace-bin", ascii: "AAEC"), .asciiValueOnBinaryKey("trace-bin")),
            (entry("note", ascii: "a\tb"), .invalidASCIIValue("note")),
            (entry("note", ascii: "é"), .invalidASCIIValue("note")),
            (entry("note", ascii: "\u{7F}"), .invalidASCIIValue("note")),
        ]
    )
    func invalid(_ entry: MetadataEntry, violation: MetadataViolation) {
        #expect(entry.violation == violation)
    }

    @Test("the first breaking entry of a frame is the one reported")
    func firstViolation() {
        let entries = [
            Self.entry("a", ascii: "1"), Self.entry("B", ascii: "2"), Self.entry("c", binary: [3]),
        ]
        #expect(entries.metadataViolation == .invalidKey("B"))
        #expect(Array(entries.prefix(1)).metadataViolation == nil)
    }

    @Test("a description quotes at most 40 characters of the key, and nothing unprintable")
    func quotedKey() {
        let long = String(repeating: "k", count: 100) + "\u{0}"
        let description = MetadataViolation.invalidKey(long).description
        #expect(description.contains("'" + String(repeating: "k", count: 40) + "…'"))
        #expect(MetadataViolation.invalidKey("a\u{0}b").description.contains("'a?b'"))
        #expect(description.utf8.count < 200)
    }
}
