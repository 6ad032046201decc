import Foundation
import Logging
import PostgresNIO
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// A library of the good-practice space on PostgreSQL with several server nodes, each with its own client, writing at
/// once.
@Suite("Good-practice libraries on PostgreSQL, several nodes", .enabled(if: Backend.tested.contains(.postgres)))
struct PracticeNodesTests {
    static func details(_ title: String) -> ResourceDetails {
        ResourceDetails(title: title, kind: .guide, audience: .everyone, markdown: "", tags: [])
    }

    @Test(
        "two nodes saving one resource at the same version: one succeeds; a watcher sees every revision once, in order",
        arguments: PracticeHolder.allCases
    )
    func oneSaveAndOrderedRevisions(holder: PracticeHolder) async throws {
        try await withPostgresPracticeNodes(holder, nodes: 2) { libraries in
            let resource = try await libraries[0].save(
                id: nil,
                Self.details("Guide"),
                expectedVersion: nil,
                authorRole: "animator"
            )
            var cursor = resource.revision
            for round in 0..<10 {
                let version = try await libraries[1].resource(resource.id).version
                let results = await withTaskGroup(of: Result<PracticeResource, StoreError>.self) { group in
                    for (node, library) in libraries.enumerated() {
                        group.addTask {
                            do {
                                return .success(
                                    try await library.save(
                                        id: resource.id,
                                        Self.details("Guide \(round)-\(node)"),
                                        expectedVersion: version,
                                        authorRole: "animator"
                                    )
                                )
                            } catch let error as StoreError {
                                return .failure(error)
                            } catch {
                                Issue.record(error)
                                return .failure(.corrupt("\(error)"))
                            }
                        }
                        // Each node also creates a resource meanwhile: revisions interleave across nodes.
                        group.addTask {
                            do {
                                return .success(
                                    try await library.save(
                                        id: nil,
                                        Self.details("Nouveau \(round)-\(node)"),
                                        expectedVersion: nil,
                                        authorRole: "animator"
                                    )
                                )
                            } catch let error as StoreError {
                                return .failure(error)
                            } catch {
                                Issue.record(error)
                                return .failure(.corrupt("\(error)"))
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let saved = results.compactMap { try? $0.get() }
                let refused = results.compactMap { result -> StoreError? in
                    if case .failure(let error) = result { return error } else { return nil }
                }
                #expect(saved.filter { $0.id == resource.id }.count == 1)
                #expect(saved.filter { $0.id == resource.id }.first?.version == version + 1)
                #expect(refused.count == 1)
                if case .failedPrecondition = refused.first {} else { Issue.record("refused with \(refused)") }
                // The three writes that committed took the three revisions after the cursor, in commit order.
                let (changes, head) = try await libraries[round % 2].changes(after: cursor, limit: 100)
                #expect(head == cursor + 3)
                #expect(changes.map(\.revision) == Array((cursor + 1)...head))
                #expect(Set(changes.map(\.id)) == Set(saved.map(\.id)))
                cursor = head
            }
        }
    }

    @Test("a basin or academy schema from before the library gains its tables, empty, at version 2")
    func migration() async throws {
        let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
        let logger = Logger(label: "polestage.test.postgres")
        let basin = try #require(BasinID("practice-\(UInt32.random(in: 0...UInt32.max))"))
        let basinStore = PostgresBasinStore(
            basin: basin,
            client: client,
            configuration: testConfiguration(clock: TestClock()),
            logger: logger
        )
        let academySchema = try #require(SchemaName("academy_test_\(UInt32.random(in: 0...UInt32.max))"))
        let academyStore = PostgresAcademyStore(
            client: client,
            configuration: testConfiguration(clock: TestClock()),
            logger: logger,
            schema: academySchema
        )
        let cases: [(SchemaMigrator, SchemaName, PostgresPracticeLibrary)] = [
            (BasinSchema.migrator, basinStore.schema, basinStore.practice),
            (AcademySchema.migrator, academySchema, academyStore.practice),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            for (migrator, schema, library) in cases {
                let drop = PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema.quoted) CASCADE")
                do {
                    let first = SchemaMigrator(Array(migrator.migrations.prefix(1)))
                    #expect(try await first.migrate(schema, on: client, logger: logger) == [1])
                    #expect(try await migrator.migrate(schema, on: client, logger: logger) == [2])
                    #expect(try await library.changes(after: 0, limit: 10).head == 0)
                    let saved = try await library.save(
                        id: nil,
                        Self.details("Guide"),
                        expectedVersion: nil,
                        authorRole: "animator"
                    )
                    #expect(saved.revision == 1 && saved.id == 1)
                } catch {
                    _ = try? await client.query(drop, logger: logger)
                    throw error
                }
                try await client.query(drop, logger: logger)
            }
        }
    }
}
