import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension ResourceDetails {
    /// The details of a save, checked field by field.
    init(validating proto: Polestage_Practice_V1_ResourceDetails) throws(InvalidField) {
        let title = try Text.required(proto.title, field: "details.title", max: 160)
        guard title.count >= 3 else { throw InvalidField("details.title", "doit faire au moins 3 caractères") }
        guard let kind = ResourceKind(proto: proto.kind) else {
            throw InvalidField("details.kind", "doit être un guide, un modèle, un retour d'expérience ou un événement")
        }
        guard let audience = ResourceAudience(proto: proto.audience) else {
            throw InvalidField(
                "details.audience",
                "est requis : tout le monde, tuteurs en entreprise, enseignants référents, animateurs, ou élèves et familles"
            )
        }
        // Line breaks as a browser's text area sends them, and tabs as spaces.
        let markdown = try Text.optional(
            proto.markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: "    "),
            field: "details.markdown",
            max: 20_000,
            multiline: true
        )
        guard proto.tags.count <= 10 else { throw InvalidField("details.tags", "au plus 10 mots-clés") }
        var tags: [String] = []
        for (index, tag) in proto.tags.enumerated() {
            let checked = try Self.tag(tag, field: "details.tags[\(index)]")
            if !tags.contains(checked) { tags.append(checked) }
        }
        var startsAt: Int64?
        var place = ""
        if kind == .event {
            guard proto.eventStartsUnixMs > 0 else {
                throw InvalidField("details.event_starts_unix_ms", "est requis pour un événement")
            }
            startsAt = proto.eventStartsUnixMs
            place = try Text.optional(proto.eventPlace, field: "details.event_place", max: 160)
        } else if proto.eventStartsUnixMs != 0 || !proto.eventPlace.isEmpty {
            throw InvalidField("details.event_starts_unix_ms", "seul un événement a une date et un lieu")
        }
        self.init(
            title: title,
            kind: kind,
            audience: audience,
            markdown: markdown,
            tags: tags,
            eventStartsAt: startsAt,
            eventPlace: place
        )
    }

    /// A tag: 2 to 30 letters, digits or '-', in lower case.
    static func tag(_ text: String, field: String) throws(InvalidField) -> String {
        let tag = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...30).contains(tag.count), tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw InvalidField(field, "doit faire 2 à 30 lettres, chiffres ou « - »")
        }
        return tag
    }
}

extension ResourceQuery {
    init(validating request: Polestage_Practice_V1_SearchResourcesRequest) throws(InvalidField) {
        let text = try Text.optional(request.text, field: "text", max: 200)
        var kind: ResourceKind?
        if request.kind != .unspecified {
            guard let known = ResourceKind(proto: request.kind) else {
                throw InvalidField("kind", "n'est pas un type de ressource")
            }
            kind = known
        }
        var audience: ResourceAudience?
        if request.audience != .unspecified {
            guard let known = ResourceAudience(proto: request.audience) else {
                throw InvalidField("audience", "n'est pas un public")
            }
            audience = known
        }
        let tag = request.tag.isEmpty ? nil : try ResourceDetails.tag(request.tag, field: "tag")
        self.init(text: text, kind: kind, audience: audience, tag: tag)
    }
}

extension ResourceKind {
    init?(proto: Polestage_Practice_V1_ResourceKind) {
        self.init(rawValue: proto.rawValue)
    }
}

extension ResourceAudience {
    init?(proto: Polestage_Practice_V1_Audience) {
        self.init(rawValue: proto.rawValue)
    }
}

extension AttachmentInfo {
    var proto: Polestage_Practice_V1_Attachment {
        .with {
            $0.id = self.id
            $0.fileName = self.fileName
            $0.mediaType = self.mediaType
            $0.sizeBytes = self.size
            $0.sha256 = self.sha256
        }
    }
}

extension PracticeResource {
    /// The resource as a client reads it: `full` with its Markdown and HTML, else with an excerpt (search results).
    func proto(in library: PracticeService.Library, full: Bool) -> Polestage_Practice_V1_Resource {
        .with {
            $0.scope = library.scope
            $0.id = self.id
            $0.details = .with {
                $0.title = self.details.title
                $0.kind = .init(rawValue: self.details.kind.rawValue) ?? .unspecified
                $0.audience = .init(rawValue: self.details.audience.rawValue) ?? .unspecified
                if full { $0.markdown = self.details.markdown }
                $0.tags = self.details.tags
                $0.eventStartsUnixMs = self.details.eventStartsAt ?? 0
                $0.eventPlace = self.details.eventPlace
            }
            if full {
                $0.html = SafeMarkdown.html(self.details.markdown)
            } else {
                $0.excerpt = SafeMarkdown.excerpt(self.details.markdown, limit: 240)
            }
            $0.attachments = self.attachments.map(\.proto)
            $0.version = self.version
            $0.createdUnixMs = self.createdAt
            $0.updatedUnixMs = self.updatedAt
            $0.authorRole = self.authorRole
            $0.basinID = library.tenant?.basin.id.rawValue ?? ""
            $0.deleted = self.deleted
        }
    }
}
