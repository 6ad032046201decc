import Foundation
import GRDB
import Testing

@testable import PoleStageStore

/// A library of the good-practice space behaves the same in a basin's store and in the academy store.
@Suite("Good-practice libraries")
struct PracticeLibraryTests {
    enum Holder: String, CaseIterable, CustomTestStringConvertible {
        case basin, academy
        var testDescription: String { self.rawValue }
    }

    func withLibrary(_ holder: Holder, _ body: (PracticeLibrary, TestClock) async throws -> Void) async throws {
        switch holder {
        case .basin: try await withBasinStore { try await body($0.store.practice, $0.clock) }
        case .academy: try await withAcademyStore { store, _, clock in try await body(store.practice, clock) }
        }
    }

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
        arguments: Holder.allCases
    )
    func revisions(holder: Holder) async throws {
        try await self.withLibrary(holder) { library, clock in
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
        arguments: Holder.allCases
    )
    func search(holder: Holder) async throws {
        try await self.withLibrary(holder) { library, clock in
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

    @Test("a resource holds at most five files; removing one makes room", arguments: Holder.allCases)
    func files(holder: Holder) async throws {
        try await self.withLibrary(holder) { library, _ in
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
}
