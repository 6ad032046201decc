/// The files a resource may carry: their media type, decided by the file name's extension and checked against the
/// first bytes of the content, so that a page never serves a file as something it is not.
enum AttachmentType {
    /// The largest file: 2 MiB, under the transports' 4 MiB message limit.
    static let maxSize = 2 * 1024 * 1024

    private enum Signature {
        case bytes([UInt8], name: String)
        case utf8Text
    }

    private static let zip = Signature.bytes([0x50, 0x4B, 0x03, 0x04], name: "un conteneur ZIP")
    private static let types: [String: (mediaType: String, signature: Signature)] = [
        "pdf": ("application/pdf", .bytes(Array("%PDF-".utf8), name: "un fichier PDF")),
        "odt": ("application/vnd.oasis.opendocument.text", zip),
        "ods": ("application/vnd.oasis.opendocument.spreadsheet", zip),
        "odp": ("application/vnd.oasis.opendocument.presentation", zip),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip),
        "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", zip),
        "png": ("image/png", .bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name: "une image PNG")),
        "jpg": ("image/jpeg", .bytes([0xFF, 0xD8, 0xFF], name: "une image JPEG")),
        "jpeg": ("image/jpeg", .bytes([0xFF, 0xD8, 0xFF], name: "une image JPEG")),
        "txt": ("text/plain; charset=utf-8", .utf8Text),
        "csv": ("text/csv; charset=utf-8", .utf8Text),
    ]

    /// The accepted extensions, as a refusal lists them.
    static let accepted = "PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV"

    /// The checked file name and its media type.
    static func check(fileName: String, content: [UInt8]) throws(InvalidField) -> (String, String) {
        let name = try Text.required(fileName, field: "file_name", max: 120)
        guard !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".") else {
            throw InvalidField(
                "file_name",
                "doit être un nom de fichier, sans « / » ni « \\ », ne commençant pas par « . »"
            )
        }
        guard let dot = name.lastIndex(of: "."), let type = self.types[name[name.index(after: dot)...].lowercased()]
        else {
            throw InvalidField("file_name", "doit finir par l'extension d'un type accepté : \(Self.accepted)")
        }
        guard !content.isEmpty else { throw InvalidField("content", "ne doit pas être vide") }
        guard content.count <= self.maxSize else {
            throw InvalidField(
                "content",
                "fait \(content.count) octets : un fichier fait au plus 2 Mio (2 097 152 octets)"
            )
        }
        switch type.signature {
        case .bytes(let signature, let what):
            guard content.starts(with: signature) else {
                throw InvalidField("content", "n'est pas \(what), contrairement à ce que dit le nom du fichier")
            }
        case .utf8Text:
            guard String(validating: content, as: UTF8.self) != nil else {
                throw InvalidField(
                    "content",
                    "n'est pas du texte en UTF-8, contrairement à ce que dit le nom du fichier"
                )
            }
        }
        return (name, type.mediaType)
    }
}
