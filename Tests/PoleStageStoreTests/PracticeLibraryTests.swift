import Foundation
import GRDB
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// A library of the good-practice space behaves the same in a basin's store and in the academy store, on every
/// backend.
@Suite("Good-practice libraries")
struct PracticeLibraryTests {
    static func details(
        _ title: String,
        markdown: String = "",
        audience: ResourceAudience = .companyTutors,
        tags: [String] = []
    ) -> ResourceDetails {
        ResourceDetails(title: title, kind: .guide, audience: audience, markdown: markdown, tags: tags)
    }

    @Test(
        "each change takes the next revision; the changes after a revision come in order, deletions included",
        arguments: Backend.tested,
        PracticeHolder.allCases
    )
    func revisions(backend: Backend, holder: PracticeHolder) async throws {
        try await withPracticeStorage(backend, holder) { library, clock in
            let first = try await library.save(
                id: nil,
                Self.details("Guide"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            let second = try await library.save(
                id: nil,
                Self.details("Modèle"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            clock.advance(by: .seconds(60))
            let changed = try await library.save(
                id: first.id,
                Self.details("Guide revu"),
                expectedVersion: 1,
                authorRole: "animator"
            )
            #expect([first.revision, second.revision, changed.revision] == [1, 2, 3])
            #expect(changed.version == 2 && changed.createdAt == first.createdAt && changed.updatedAt > first.updatedAt)
            let withFile = try await library.attach(
                ResourceFile(fileName: "a.txt", mediaType: "text/plain; charset=utf-8", content: Array("a".utf8)),
                to: second.id
            )
            #expect(withFile.revision == 4 && withFile.version == 2)
            let deleted = try await library.delete(id: second.id, expectedVersion: nil)
            #expect(deleted.deleted && deleted.attachments.isEmpty && deleted.revision == 5)
            let (changes, head) = try await library.changes(after: 2, limit: 10)
            #expect(changes.map(\.id) == [first.id, second.id] && changes.map(\.revision) == [3, 5] && head == 5)
            let (page, _) = try await library.changes(after: 0, limit: 1)
            #expect(page.map(\.revision) == [3])
            await #expect(throws: StoreError.notFound("ressource \(second.id)")) {
                try await library.save(id: second.id, Self.details("Retour"), expectedVersion: nil, authorRole: "x")
            }
        }
    }

    @Test(
        "search folds accents and case, ranks titles first, filters by audience and whole tags, skips deletions",
        arguments: Backend.tested,
        PracticeHolder.allCases
    )
    func search(backend: Backend, holder: PracticeHolder) async throws {
        try await withPracticeStorage(backend, holder) { library, clock in
            let inBody = try await library.save(
                id: nil,
                Self.details("Accueil", markdown: "Une grille d'évaluation simple.", tags: ["pfmp"]),
                expectedVersion: nil,
                authorRole: "animator"
            )
            clock.advance(by: .seconds(1))
            let inTitle = try await library.save(
                id: nil,
                Self.details("Évaluation du stage", audience: .everyone, tags: ["pf"]),
                expectedVersion: nil,
                authorRole: "animator"
            )
            clock.advance(by: .seconds(1))
            let gone = try await library.save(
                id: nil,
                Self.details("Évaluation ancienne"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            _ = try await library.delete(id: gone.id, expectedVersion: nil)
            let ranked = try await library.search(ResourceQuery(text: "EVALUATION"), limit: 10)
            #expect(ranked.map(\.resource.id) == [inTitle.id, inBody.id])
            let latest = try await library.search(ResourceQuery(), limit: 10)
            #expect(latest.map(\.resource.id) == [inTitle.id, inBody.id])
            let teachers = try await library.search(ResourceQuery(audience: .referentTeachers), limit: 10)
            #expect(teachers.map(\.resource.id) == [inTitle.id])
            let tagged = try await library.search(ResourceQuery(tag: "pf"), limit: 10)
            #expect(tagged.map(\.resource.id) == [inTitle.id])
            #expect(try await library.search(ResourceQuery(text: "ancienne"), limit: 10).isEmpty)
        }
    }

    @Test(
        "a resource holds at most five files; removing one makes room",
        arguments: Backend.tested,
        PracticeHolder.allCases
    )
    func files(backend: Backend, holder: PracticeHolder) async throws {
        try await withPracticeStorage(backend, holder) { library, _ in
            let resource = try await library.save(
                id: nil,
                Self.details("Modèles"),
                expectedVersion: nil,
                authorRole: "a"
            )
            var last = resource
            for index in 1...PracticeLibrary.maxAttachments {
                last = try await library.attach(
                    ResourceFile(fileName: "\(index).csv", mediaType: "text/csv", content: Array("x;\(index)".utf8)),
                    to: resource.id
                )
            }
            let sixth = ResourceFile(fileName: "6.csv", mediaType: "text/csv", content: [0x78])
            await #expect(throws: StoreError.self) { try await library.attach(sixth, to: resource.id) }
            let removed = try await library.removeAttachment(last.attachments[0].id, from: resource.id)
            #expect(removed.attachments.count == 4)
            let added = try await library.attach(sixth, to: resource.id)
            let (info, content) = try await library.attachment(added.attachments.last!.id, of: resource.id)
            #expect(info.fileName == "6.csv" && content == [0x78] && info.size == 1)
            #expect(info.sha256 == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
            await #expect(throws: StoreError.notFound("fichier 999 de la ressource \(resource.id)")) {
                try await library.removeAttachment(999, from: resource.id)
            }
        }
    }

    @Test(
        "a save or deletion expecting another version is refused; a file name is taken once per resource",
        arguments: Backend.tested,
        PracticeHolder.allCases
    )
    func refusals(backend: Backend, holder: PracticeHolder) async throws {
        try await withPracticeStorage(backend, holder) { library, _ in
            let resource = try await library.save(
                id: nil,
                Self.details("Guide"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            let stale = StoreError.failedPrecondition(
                "la ressource \(resource.id) est à la version 1, pas 2 : quelqu'un l'a modifiée entre-temps ; "
                    + "relisez-la et refaites votre modification"
            )
            await #expect(throws: stale) {
                try await library.save(id: resource.id, Self.details("Guide"), expectedVersion: 2, authorRole: "a")
            }
            await #expect(throws: stale) { try await library.delete(id: resource.id, expectedVersion: 2) }
            let file = ResourceFile(fileName: "a.csv", mediaType: "text/csv", content: [0x61])
            _ = try await library.attach(file, to: resource.id)
            await #expect(
                throws: StoreError.alreadyExists("un fichier nommé « a.csv » sur la ressource \(resource.id)")
            ) {
                try await library.attach(file, to: resource.id)
            }
            let deleted = try await library.delete(id: resource.id, expectedVersion: 2)
            #expect(deleted.version == 3 && deleted.details.markdown.isEmpty && deleted.details.tags.isEmpty)
            await #expect(throws: StoreError.notFound("ressource \(resource.id)")) {
                try await library.resource(resource.id)
            }
            await #expect(throws: StoreError.notFound("ressource \(resource.id)")) {
                try await library.attach(file, to: resource.id)
            }
            #expect(try await library.changes(after: 0, limit: -1).resources.map(\.id) == [resource.id])
        }
    }

    @Test(
        "relevance is FTS5's bm25 over titles (×10), tags (×5) and texts, tombstones counted; ties by id",
        arguments: Backend.tested,
        PracticeHolder.allCases
    )
    func relevance(backend: Backend, holder: PracticeHolder) async throws {
        try await withPracticeStorage(backend, holder) { library, _ in
            let corpus: [(String, String, [String])] = [
                (
                    "Grille d'évaluation", "Évaluer les compétences en entreprise, évaluation finale.",
                    ["evaluation", "pfmp"]
                ),
                ("Accueil du stagiaire", "Une évaluation simple.", []),
                ("Évaluation des compétences du tuteur", "", ["tuteur"]),
                ("Guide du tuteur", "Le tuteur évalue, le tuteur accompagne.", ["tuteur", "evaluation"]),
                ("Évaluation ancienne", "À retirer", ["evaluation"]),
                ("Accueil du stagiaire", "Une évaluation simple.", []),
            ]
            var stored: [PracticeResource] = []
            for (title, markdown, tags) in corpus {
                stored.append(
                    try await library.save(
                        id: nil,
                        Self.details(title, markdown: markdown, tags: tags),
                        expectedVersion: nil,
                        authorRole: "animator"
                    )
                )
            }
            stored[4] = try await library.delete(id: stored[4].id, expectedVersion: nil)
            let texts = stored.map { resource in
                [resource.details.title, resource.details.markdown, PracticeResource.storedTags(resource.details.tags)]
            }
            for text in ["évaluation", "EVAL tuteur", "compétences", "tut", "accueil stagiaire", "tuteur tuteur"] {
                let words = OfferSearchWords.words(in: text)
                let hits = words.map { word in
                    Int64(
                        texts.filter { $0.flatMap(OfferSearchWords.words(in:)).contains { $0.hasPrefix(word) } }.count
                    )
                }
                let relevance = PracticeRelevance(
                    words: words,
                    rows: Int64(stored.count),
                    totalLength: Int64(
                        texts.map { PracticeRelevance.length(title: $0[0], body: $0[1], tags: $0[2]) }.reduce(0, +)
                    ),
                    hits: hits
                )
                let expected = zip(stored, texts).filter { resource, text in
                    !resource.deleted
                        && words.allSatisfy { word in
                            text.flatMap(OfferSearchWords.words(in:)).contains { $0.hasPrefix(word) }
                        }
                }.map { resource, text in
                    (rank: relevance.rank(title: text[0], body: text[1], tags: text[2]), id: resource.id)
                }
                .sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
                #expect(!expected.isEmpty, "\(text)")
                let found = try await library.search(ResourceQuery(text: text), limit: 10)
                #expect(found.map(\.resource.id) == expected.map(\.id), "\(text)")
                for (hit, rank) in zip(found, expected.map(\.rank)) {
                    #expect(abs(hit.rank - rank) <= 1e-12 * max(1, abs(rank)), "\(text): \(hit.rank) ≠ \(rank)")
                }
                #expect(
                    try await library.search(ResourceQuery(text: text), limit: 1).map(\.resource.id)
                        == expected.prefix(1).map(\.id)
                )
            }
            let kinds = try await library.search(ResourceQuery(text: "tuteur", kind: .event), limit: 10)
            #expect(kinds.isEmpty)
        }
    }

    @Test("an archived basin's library is read-only", arguments: Backend.tested)
    func archivedBasin(backend: Backend) async throws {
        func check(_ library: any PracticeStorage, archive: () async throws -> Void, basin: BasinID) async throws {
            let resource = try await library.save(
                id: nil,
                Self.details("Guide"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            try await archive()
            await #expect(throws: StoreError.archived(basin)) {
                try await library.save(id: nil, Self.details("Autre"), expectedVersion: nil, authorRole: "animator")
            }
            await #expect(throws: StoreError.archived(basin)) {
                try await library.delete(id: resource.id, expectedVersion: nil)
            }
            #expect(try await library.resource(resource.id) == resource)
        }
        switch backend {
        case .sqlite:
            try await withBasinStore { fixture in
                try await check(fixture.store.practice, archive: fixture.store.markArchived, basin: fixture.store.basin)
            }
        case .postgres:
            try await withPostgresBasin { store, _ in
                try await check(store.practice, archive: store.markArchived, basin: store.basin)
            }
        }
    }
}
