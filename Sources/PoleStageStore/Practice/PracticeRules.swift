/// The refusals of a good-practice library, apart from where it is stored: every backend throws these, so that both
/// refuse alike.
extension StoreError {
    package static func unknownResource(_ id: Int64) -> StoreError { .notFound("ressource \(id)") }

    package static func unknownAttachment(_ attachmentID: Int64, of id: Int64) -> StoreError {
        .notFound("fichier \(attachmentID) de la ressource \(id)")
    }
}

extension PracticeResource {
    /// Tags as stored: each between spaces, so that a search for ` tag ` finds a whole tag.
    package static func storedTags(_ tags: [String]) -> String {
        " " + tags.map { $0 + " " }.joined()
    }

    /// Tags as given, from their stored form.
    package static func tags(stored: String) -> [String] {
        stored.split(separator: " ").map(String.init)
    }

    /// What a deleted resource keeps of its text and tags: nothing. Its title stays, so that watchers can name it.
    package static let tombstoneBody = ""
    package static let tombstoneTags = " "

    /// Refuses a change unless the resource is at `expectedVersion` (any version when nil).
    package func check(expectedVersion: Int64?) throws {
        if let expectedVersion, expectedVersion != self.version {
            throw StoreError.failedPrecondition(
                "la ressource \(self.id) est à la version \(self.version), pas \(expectedVersion) : quelqu'un "
                    + "l'a modifiée entre-temps ; relisez-la et refaites votre modification"
            )
        }
    }

    /// Refuses a file the resource has no room for: one file too many, or a name it already has.
    package func checkRoom(for file: ResourceFile) throws {
        guard self.attachments.count < PracticeLibrary.maxAttachments else {
            throw StoreError.failedPrecondition(
                "la ressource \(self.id) a déjà \(PracticeLibrary.maxAttachments) fichiers, le maximum : "
                    + "retirez-en un d'abord"
            )
        }
        if self.attachments.contains(where: { $0.fileName == file.fileName }) {
            throw StoreError.alreadyExists("un fichier nommé « \(file.fileName) » sur la ressource \(self.id)")
        }
    }
}

extension ResourceFile {
    /// Hex SHA-256 of the content, as ``AttachmentInfo/sha256`` keeps it.
    package var sha256: String { sha256Hex(self.content) }
}
