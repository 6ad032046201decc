import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// The good-practice space over a socket: who writes which library, who reads, search with accents folded, files,
/// live watchers that resume with nothing missed, the audit log, and every refusal.
@Suite("Good-practice space over a socket")
struct PracticeServiceTests {
    static func details(
        _ title: String,
        kind: Polestage_Practice_V1_ResourceKind = .guide,
        audience: Polestage_Practice_V1_Audience = .companyTutors,
        markdown: String = "Accueillir un élève : la **première journée**.",
        tags: [String] = []
    ) -> Polestage_Practice_V1_ResourceDetails {
        .with {
            $0.title = title
            $0.kind = kind
            $0.audience = audience
            $0.markdown = markdown
            $0.tags = tags
        }
    }

    static func save(
        _ scope: Polestage_Practice_V1_ResourceScope,
        _ details: Polestage_Practice_V1_ResourceDetails,
        id: Int64 = 0,
        version: Int64 = 0
    ) -> Polestage_Practice_V1_SaveResourceRequest {
        .with {
            $0.scope = scope
            $0.resourceID = id
            $0.details = details
            $0.expectedVersion = version
        }
    }

    static func isLive(_ event: Polestage_Practice_V1_ResourceEvent?) -> Bool {
        if case .live = event?.event { true } else { false }
    }

    @Test("animators write their basin's, the coordination the académie's; schools and companies read both")
    func librariesAndReaders() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let coordinator = fixture.metadata(.coordinator, basin: fixture.basinA)
                let basin = try await clients.practice.saveResource(
                    Self.save(
                        .basin,
                        Self.details(
                            "Grille d'évaluation du stage",
                            kind: .template,
                            audience: .referentTeachers,
                            tags: ["Évaluation", "pfmp", "pfmp"]
                        )
                    ),
                    metadata: animator
                )
                #expect(basin.scope == .basin && basin.basinID == "basin-a" && basin.version == 1)
                #expect(basin.details.tags == ["évaluation", "pfmp"] && basin.authorRole == "animator")
                #expect(basin.html == "<p>Accueillir un élève : la <strong>première journée</strong>.</p>\n")
                let academy = try await clients.practice.saveResource(
                    Self.save(.academy, Self.details("Charte académique des tuteurs", audience: .everyone)),
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(academy.scope == .academy && academy.basinID == "" && academy.authorRole == "coordinator")
                // The coordination may also write a basin's, naming it.
                var forum = Self.details("Forum des métiers", kind: .event)
                forum.eventStartsUnixMs = 1_800_000_000_000
                forum.eventPlace = "Salle des fêtes, Tournus"
                _ = try await clients.practice.saveResource(Self.save(.basin, forum), metadata: coordinator)
                await expectStatus(
                    .permissionDenied,
                    "les ressources de l'académie sont écrites par la coordination ; un animateur écrit celles de son"
                ) {
                    try await clients.practice.saveResource(
                        Self.save(.academy, Self.details("Guide")),
                        metadata: animator
                    )
                }
                await expectStatus(
                    .permissionDenied,
                    "le rôle « établissement » ne peut pas écrire une ressource de bonnes pratiques"
                ) {
                    try await clients.practice.saveResource(
                        Self.save(.basin, Self.details("Guide")),
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(
                    .permissionDenied,
                    "le rôle « élève » ne peut pas chercher parmi les ressources de bonnes pratiques"
                ) {
                    try await clients.practice.searchResources(.init(), metadata: fixture.metadata(.pupilA1))
                }

                // A school finds both libraries, accents and case folded, each word a prefix.
                let school = fixture.metadata(.schoolA1)
                let found = try await clients.practice.searchResources(
                    .with { $0.text = "EVALUATION gril" },
                    metadata: school
                )
                #expect(found.resources.map(\.id) == [basin.id])
                #expect(found.resources[0].details.markdown.isEmpty && found.resources[0].html.isEmpty)
                #expect(found.resources[0].excerpt == "Accueillir un élève : la première journée.")
                let everything = try await clients.practice.searchResources(.init(), metadata: school)
                #expect(
                    everything.resources.map(\.details.title) == [
                        "Forum des métiers", "Charte académique des tuteurs", "Grille d'évaluation du stage",
                    ]
                )
                // The audience filter keeps that audience's and everyone's.
                let forTeachers = try await clients.practice.searchResources(
                    .with { $0.audience = .referentTeachers },
                    metadata: school
                )
                #expect(forTeachers.resources.map(\.id).sorted() == [academy.id, basin.id].sorted())
                let tagged = try await clients.practice.searchResources(.with { $0.tag = "PFMP" }, metadata: school)
                #expect(tagged.resources.map(\.id) == [basin.id])
                let events = try await clients.practice.searchResources(.with { $0.kind = .event }, metadata: school)
                #expect(events.resources.map(\.details.eventPlace) == ["Salle des fêtes, Tournus"])
                // Pages: two at a time, then the last one.
                let first = try await clients.practice.searchResources(.with { $0.pageSize = 2 }, metadata: school)
                let second = try await clients.practice.searchResources(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = first.nextPageToken
                    },
                    metadata: school
                )
                #expect(first.resources.count == 2 && second.resources.count == 1 && second.nextPageToken.isEmpty)
                // A company reads the basin's too; basin B's animator does not see basin A's.
                let company = try await clients.practice.getResource(
                    .with {
                        $0.scope = .basin
                        $0.resourceID = basin.id
                    },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(company.details.markdown == "Accueillir un élève : la **première journée**.")
                let otherBasin = try await clients.practice.searchResources(
                    .with { $0.scope = .basin },
                    metadata: fixture.metadata(.animatorB)
                )
                #expect(otherBasin.resources.isEmpty)
                // A coordinator outside any basin reads the académie's.
                let outside = try await clients.practice.searchResources(
                    .init(),
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(outside.resources.map(\.id) == [academy.id])

                let audit = try await server.academy.auditEntries(before: nil, basin: nil, limit: 20)
                    .filter { $0.method == "SaveResource" }
                #expect(
                    audit.map { "\($0.role) \($0.basin?.rawValue ?? "-") \($0.target) \($0.outcome)" } == [
                        "school basin-a basin resource new PERMISSION_DENIED",
                        "animator basin-a académie resource new PERMISSION_DENIED",
                        "coordinator basin-a basin resource new OK",
                        "coordinator - académie resource new OK",
                        "animator basin-a basin resource new OK",
                    ]
                )
            }
        }
    }

    @Test("a change made from an older version is refused; a deleted resource is gone, its files with it")
    func versionsFilesAndDeletion() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let created = try await clients.practice.saveResource(
                    Self.save(.basin, Self.details("Convention de stage")),
                    metadata: animator
                )
                let ref = Polestage_Practice_V1_ResourceRef.with {
                    $0.scope = .basin
                    $0.resourceID = created.id
                }
                let pdf = Data("%PDF-1.7\n1 0 obj\n".utf8)
                let attached = try await clients.practice.attachFile(
                    .with {
                        $0.resource = ref
                        $0.fileName = "convention.pdf"
                        $0.content = pdf
                    },
                    metadata: animator
                )
                #expect(attached.version == 2)
                #expect(attached.attachments.map(\.mediaType) == ["application/pdf"])
                #expect(attached.attachments[0].sizeBytes == Int64(pdf.count))
                #expect(attached.attachments[0].sha256.count == 64)
                let file = try await clients.practice.getAttachment(
                    .with {
                        $0.resource = ref
                        $0.attachmentID = attached.attachments[0].id
                    },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(file.content == pdf && file.attachment.fileName == "convention.pdf")
                await expectStatus(
                    .alreadyExists,
                    "un fichier nommé « convention.pdf » sur la ressource \(created.id) : existe déjà"
                ) {
                    try await clients.practice.attachFile(
                        .with {
                            $0.resource = ref
                            $0.fileName = "convention.pdf"
                            $0.content = pdf
                        },
                        metadata: animator
                    )
                }
                // Saved from version 1 while it is at 2: refused, nothing lost.
                await expectStatus(
                    .failedPrecondition,
                    "est à la version 2, pas 1 : quelqu'un l'a modifiée entre-temps"
                ) {
                    try await clients.practice.saveResource(
                        Self.save(.basin, Self.details("Convention, revue"), id: created.id, version: 1),
                        metadata: animator
                    )
                }
                let saved = try await clients.practice.saveResource(
                    Self.save(.basin, Self.details("Convention, revue"), id: created.id, version: 2),
                    metadata: animator
                )
                #expect(saved.version == 3 && saved.attachments.count == 1)
                let deleted = try await clients.practice.deleteResource(ref, metadata: animator)
                #expect(deleted.deleted && deleted.attachments.isEmpty && deleted.details.markdown.isEmpty)
                await expectStatus(.notFound, "ressource \(created.id) : introuvable") {
                    try await clients.practice.getResource(ref, metadata: animator)
                }
                let found = try await clients.practice.searchResources(
                    .with { $0.text = "convention" },
                    metadata: animator
                )
                #expect(found.resources.isEmpty)
            }
        }
    }

    @Test("every bad input is refused with its field and its rule")
    func badInput() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                func refused(
                    _ details: Polestage_Practice_V1_ResourceDetails,
                    scope: Polestage_Practice_V1_ResourceScope = .basin,
                    _ message: String,
                    sourceLocation: SourceLocation = #_sourceLocation
                ) async {
                    let error = await expectStatus(.invalidArgument, sourceLocation: sourceLocation) {
                        try await clients.practice.saveResource(Self.save(scope, details), metadata: animator)
                    }
                    #expect(error?.message == message, sourceLocation: sourceLocation)
                }
                await refused(
                    Self.details("Guide"),
                    scope: .unspecified,
                    "scope : doit être RESOURCE_SCOPE_BASIN ou RESOURCE_SCOPE_ACADEMY"
                )
                await refused(Self.details("Go"), "details.title : doit faire au moins 3 caractères")
                await refused(
                    Self.details("Guide", kind: .unspecified),
                    "details.kind : doit être un guide, un modèle, un retour d'expérience ou un événement"
                )
                await refused(
                    Self.details("Guide", audience: .unspecified),
                    "details.audience : est requis : tout le monde, tuteurs en entreprise, enseignants référents, "
                        + "animateurs, ou élèves et familles"
                )
                await refused(
                    Self.details("Guide", tags: ["ok", "a b"]),
                    "details.tags[1] : doit faire 2 à 30 lettres, chiffres ou « - »"
                )
                await refused(
                    Self.details("Forum", kind: .event),
                    "details.event_starts_unix_ms : est requis pour un événement"
                )
                await refused(
                    Self.details("Guide", markdown: String(repeating: "x", count: 20_001)),
                    "details.markdown : doit faire au plus 20000 caractères"
                )
                let created = try await clients.practice.saveResource(
                    Self.save(.basin, Self.details("Guide du tuteur")),
                    metadata: animator
                )
                func attach(
                    _ name: String,
                    _ content: Data,
                    _ message: String,
                    sourceLocation: SourceLocation = #_sourceLocation
                ) async {
                    let error = await expectStatus(.invalidArgument, sourceLocation: sourceLocation) {
                        try await clients.practice.attachFile(
                            .with {
                                $0.resource = .with {
                                    $0.scope = .basin
                                    $0.resourceID = created.id
                                }
                                $0.fileName = name
                                $0.content = content
                            },
                            metadata: animator
                        )
                    }
                    #expect(error?.message == message, sourceLocation: sourceLocation)
                }
                await attach(
                    "outil.exe",
                    Data([0x4D, 0x5A]),
                    "file_name : doit finir par l'extension d'un type accepté : PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, "
                        + "PNG, JPEG, TXT or CSV"
                )
                await attach(
                    "../guide.pdf",
                    Data("%PDF-".utf8),
                    "file_name : doit être un nom de fichier, sans « / » ni « \\ », ne commençant pas par « . »"
                )
                await attach(
                    "guide.pdf",
                    Data("<html>".utf8),
                    "content : n'est pas un fichier PDF, contrairement à ce que dit le nom du fichier"
                )
                await attach(
                    "notes.txt",
                    Data([0xFF, 0xFE, 0x00]),
                    "content : n'est pas du texte en UTF-8, contrairement à ce que dit le nom du fichier"
                )
                await attach("vide.pdf", Data(), "content : ne doit pas être vide")
                await attach(
                    "gros.pdf",
                    Data("%PDF-".utf8) + Data(count: 2 * 1024 * 1024),
                    "content : fait \(2 * 1024 * 1024 + 5) octets : un fichier fait au plus 2 Mio (2 097 152 octets)"
                )
                for index in 1...5 {
                    _ = try await clients.practice.attachFile(
                        .with {
                            $0.resource = .with {
                                $0.scope = .basin
                                $0.resourceID = created.id
                            }
                            $0.fileName = "note-\(index).txt"
                            $0.content = Data("note \(index)".utf8)
                        },
                        metadata: animator
                    )
                }
                await expectStatus(
                    .failedPrecondition,
                    "la ressource \(created.id) a déjà 5 fichiers, le maximum : retirez-en un d'abord"
                ) {
                    try await clients.practice.attachFile(
                        .with {
                            $0.resource = .with {
                                $0.scope = .basin
                                $0.resourceID = created.id
                            }
                            $0.fileName = "note-6.txt"
                            $0.content = Data("note".utf8)
                        },
                        metadata: animator
                    )
                }
                await expectStatus(.invalidArgument, "resource_id : est requis") {
                    try await clients.practice.getResource(.with { $0.scope = .basin }, metadata: animator)
                }
                await expectStatus(.notFound, "ressource 999 : introuvable") {
                    try await clients.practice.deleteResource(
                        .with {
                            $0.scope = .basin
                            $0.resourceID = 999
                        },
                        metadata: animator
                    )
                }
                await expectStatus(.invalidArgument, "page_size : doit être de 1 à 100 (0 pour 20)") {
                    try await clients.practice.searchResources(.with { $0.pageSize = 101 }, metadata: animator)
                }
                await expectStatus(.invalidArgument, "page_token : n'est pas un jeton d'une page précédente") {
                    try await clients.practice.searchResources(.with { $0.pageToken = "x" }, metadata: animator)
                }
                await expectStatus(.invalidArgument, "resume_from.academy_revision : ne doit pas être négatif") {
                    try await clients.practice.watchResources(
                        .with { $0.resumeFrom.academyRevision = -1 },
                        metadata: animator
                    ) { response in
                        for try await _ in response.messages {}
                    }
                }
            }
        }
    }

    @Test("a watcher sees both libraries change live, and resumes from its cursor with nothing missed or repeated")
    func watch() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let school = fixture.metadata(.schoolA1)
                let (events, continuation) = AsyncStream.makeStream(of: Polestage_Practice_V1_ResourceEvent.self)
                let cursor = try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await clients.practice.watchResources(.init(), metadata: school) { response in
                            for try await event in response.messages { continuation.yield(event) }
                        }
                    }
                    var iterator = events.makeAsyncIterator()
                    let live = await iterator.next()
                    #expect(Self.isLive(live) && live?.cursor == .init())
                    let basin = try await clients.practice.saveResource(
                        Self.save(.basin, Self.details("Guide du tuteur")),
                        metadata: animator
                    )
                    let first = await iterator.next()
                    #expect(first?.resource.id == basin.id && first?.resource.scope == .basin)
                    #expect(first?.resource.html == basin.html && first?.cursor.basinRevision == 1)
                    _ = try await clients.practice.saveResource(
                        Self.save(.academy, Self.details("Charte académique")),
                        metadata: fixture.metadata(.coordinator)
                    )
                    let second = await iterator.next()
                    #expect(second?.resource.scope == .academy && second?.cursor.academyRevision == 1)
                    // Basin B's resources never reach basin A's watchers: the next event is basin A's deletion.
                    _ = try await clients.practice.saveResource(
                        Self.save(.basin, Self.details("Autre bassin")),
                        metadata: fixture.metadata(.animatorB)
                    )
                    _ = try await clients.practice.deleteResource(
                        .with {
                            $0.scope = .basin
                            $0.resourceID = basin.id
                        },
                        metadata: animator
                    )
                    let third = await iterator.next()
                    #expect(third?.resource.deleted == true && third?.resource.id == basin.id)
                    group.cancelAll()
                    return second?.cursor ?? .init()
                }
                // Resumed from the cursor before the deletion: only the deletion follows, then live.
                let resumed = try await clients.practice.watchResources(
                    .with { $0.resumeFrom = cursor },
                    metadata: school
                ) { response in
                    var received: [Polestage_Practice_V1_ResourceEvent] = []
                    for try await event in response.messages {
                        received.append(event)
                        if Self.isLive(event) || received.count > 3 { break }
                    }
                    return received
                }
                #expect(resumed.map { $0.resource.deleted } == [true, false])
                #expect(Self.isLive(resumed.last) && resumed.last?.cursor.basinRevision == 2)
                // A cursor ahead of the store (a restored backup): a reset, then everything kept.
                let ahead = try await clients.practice.watchResources(
                    .with { $0.resumeFrom.basinRevision = 50 },
                    metadata: school
                ) { response in
                    var received: [Polestage_Practice_V1_ResourceEvent] = []
                    for try await event in response.messages {
                        received.append(event)
                        if Self.isLive(event) || received.count > 4 { break }
                    }
                    return received
                }
                #expect(ahead.first?.reset.reason == .ahead)
                // The basin's tombstone, then the académie's resource (its cursor of 0 was not ahead).
                let replayed = ahead.dropFirst().dropLast().map(\.resource)
                #expect(replayed.map(\.scope) == [.basin, .academy] && replayed.map(\.deleted) == [true, false])
            }
        }
    }
}
