/// The files a resource may carry: their media type, decided by the file name's extension and checked against the
/// first bytes of the content, so that a page never serves a file as something it is not.
enum AttachmentType {
    /// The largest file: 2 MiB, under the transports' 4 MiB message limit.
    static let maxSize = 2 * 1024 * 1024

    private enum Signature {
        case bytes([UInt8], name: String)
        case utf8Text
    }

    private static let zip = Signature.bytes([0x50, 0x4B, 0x03, 0x04], name: "a ZIP container")
    private static let types: [String: (mediaType: String, signature: Signature)] = [
        "pdf": ("application/pdf", .bytes(Array("%PDF-".utf8), name: "a PDF file")),
        "odt": ("application/vnd.oasis.opendocument.text", zip),
        "ods": ("application/vnd.oasis.opendocument.spreadsheet", zip),
        "odp": ("application/vnd.oasis.opendocument.presentation", zip),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip),
        "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", zip),
        "png": ("image/png", .bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name: "a PNG image")),
        "jpg": ("image/jpeg", .bytes([0xFF, 0xD8, 0xFF], name: "a JPEG image")),
        "jpeg": ("image/jpeg", .bytes([0xFF, 0xD8, 0xFF], name: "a JPEG image")),
        "txt": ("text/plain; charset=utf-8", .utf8Text),
        "csv": ("text/csv; charset=utf-8", .utf8Text),
    ]

    /// The accepted extensions, as a refusal lists them.
    static let accepted = "PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV"

    /// The checked file name and its media type.
    static func check(fileName: String, content: [UInt8]) throws(InvalidField) -> (String, String) {
        let name = try Text.required(fileName, field: "file_name", max: 120)
        guard !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".") else {
            throw InvalidField("file_name", "must be a file's name, without '/' or '\\', not starting with '.'")
        }
        guard let dot = name.lastIndex(of: "."), let type = self.types[name[name.index(after: dot)...].lowercased()]
        else {
            throw InvalidField("file_name", "must end in the extension of an accepted type: \(Self.accepted)")
        }
        guard !content.isEmpty else { throw InvalidField("content", "must not be empty") }
        guard content.count <= self.maxSize else {
            throw InvalidField("content", "is \(content.count) bytes: a file may be at most 2 MiB (2,097,152 bytes)")
        }
        switch type.signature {
        case .bytes(let signature, let what):
            guard content.starts(with: signature) else {
                throw InvalidField("content", "is not \(what), though the file's name says so")
            }
        case .utf8Text:
            guard String(validating: content, as: UTF8.self) != nil else {
                throw InvalidField("content", "is not text in UTF-8, though the file's name says so")
            }
        }
        return (name, type.mediaType)
    }
}
