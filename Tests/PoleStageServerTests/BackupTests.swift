import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Synchronization
import Testing

/// Online backups under write load, and their offline restore.
@Suite("Backups: online, consistent under writes, restored with a new change-log epoch")
struct BackupTests {
    @Test("a backup taken while four callers create offers restores to a consistent prefix of what was written")
    func underLoad() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let written = AcknowledgedWrites()
                let stop = StopFlag()
                let report = try await withThrowingTaskGroup(of: Void.self) { group in
                    for caller in 0..<4 {
                        group.addTask {
                            var index = 0
                            do {
                                while !stop.isSet, !Task.isCancelled {
                                    let offer = try await fixture.createOffer(
                                        clients,
                                        details: fixture.offerDetails(title: "Offre \(caller)-\(index)")
                                    )
                                    written.record(offer.id)
                                    index += 1
                                }
                            } catch {
                                // The waits below end with it: the test fails instead of waiting forever.
                                written.fail(error)
                                throw error
                            }
                        }
                    }
                    try await written.wait(forCount: 40)
                    let report = try await clients.admin.backup(
                        .with { $0.name = "under-load" },
                        metadata: fixture.metadata(.coordinator)
                    )
                    // Writes go on after the backup too.
                    let after = written.ids.count + 20
                    try await written.wait(forCount: after)
                    stop.set()
                    try await group.waitForAll()
                    return report
                }
                #expect(
                    report.files.map(\.name) == ["academy.sqlite", "basins/basin-a.sqlite", "basins/basin-b.sqlite"]
                )
                #expect(report.files.allSatisfy { $0.bytes > 0 })
                let backup = URL(fileURLWithPath: report.directory, isDirectory: true)

                // Inside the backup, every offer has its change-log entry and no entry lacks its offer.
                let copy = try BasinStoreRegistry(configuration: StoreConfiguration(directory: backup))
                let inBackup = try await copy.store(for: fixture.basinA).snapshot(OfferFilter(viewer: .staff)).offers
                let logged = try await copy.store(for: fixture.basinA).changes(after: 0, limit: 100_000).changes
                copy.closeAll()
                #expect(Set(logged.filter { $0.kind == .offerCreated }.map(\.offer.id)) == Set(inBackup.map(\.id)))

                // The backup holds a prefix of the offers in commit order, and some were written after it.
                let live = try await server.basins.storage(for: fixture.basinA).snapshot(OfferFilter(viewer: .staff))
                let liveIDs = live.offers.map(\.id).sorted()
                let backupIDs = inBackup.map(\.id).sorted()
                #expect(backupIDs.count >= 40 && backupIDs.count < liveIDs.count)
                #expect(backupIDs == Array(liveIDs.prefix(backupIDs.count)))

                // Restored into a fresh data folder: the same offers and schools, and a new epoch.
                let data = URL.temporaryTestDirectory()
                let restored = try StoreBackup.restore(from: backup, into: data)
                #expect(restored.map(\.name) == report.files.map(\.name))
                let configuration = StoreConfiguration(directory: data)
                let registry = try BasinStoreRegistry(configuration: configuration)
                defer { registry.closeAll() }
                let store = registry.store(for: fixture.basinA)
                #expect(try await store.snapshot(OfferFilter(viewer: .staff)).offers.map(\.id).sorted() == backupIDs)
                let bounds = try await store.changeLogBounds()
                let liveBounds = try await server.basins.storage(for: fixture.basinA).changeLogBounds()
                #expect(bounds.epoch != liveBounds.epoch)
                #expect(bounds.retainedAfter == bounds.head)
                let academy = try AcademyStore(configuration: configuration)
                defer { try? academy.close() }
                #expect(try await academy.schools(in: fixture.basinA) == server.academy.schools(in: fixture.basinA))
            }
        }
    }

    @Test("a backup is for the coordination, with a valid and new name")
    func rules() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let coordinator = fixture.metadata(.coordinator)
                for name in ["", "Nope", "a/b", String(repeating: "a", count: 65)] {
                    await expectStatus(.invalidArgument, "name : doit faire 1 à 64 minuscules") {
                        try await clients.admin.backup(.with { $0.name = name }, metadata: coordinator)
                    }
                }
                _ = try await clients.admin.backup(.with { $0.name = "nightly-1" }, metadata: coordinator)
                await expectStatus(.alreadyExists, "sauvegarde nightly-1 : existe déjà") {
                    try await clients.admin.backup(.with { $0.name = "nightly-1" }, metadata: coordinator)
                }
                for actor in [DomainFixture.Actor.animatorA, .schoolA1, .companyA] {
                    await expectStatus(.permissionDenied) {
                        try await clients.admin.backup(
                            .with { $0.name = "by-\(actor)" },
                            metadata: fixture.metadata(actor)
                        )
                    }
                }
            }
        }
    }
}

/// Tells looping writers to stop.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { self.value.load(ordering: .relaxed) }
    func set() { self.value.store(true, ordering: .relaxed) }
}
