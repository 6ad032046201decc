import Logging
import PoleStageStore
import ServiceLifecycle

/// On a timer, prunes the change logs of the open basin stores, records the expiry of their pending applications past
/// their delay, writes the reminders that fell due, and closes the idle stores; every ``sweepEvery`` rounds it does the
/// placement chores for every basin of the academy, open or not (due times are stored, so a restart or an idle store
/// delays them by one sweep at most), and deletes the pupils past their retention. Closes every store at shutdown.
struct StoreJanitor: Service {
    let academy: AcademyStore
    let basins: BasinStoreRegistry
    let logger: Logger
    /// The time between rounds.
    let period: Duration
    /// One round in this many visits every basin, not only the open ones.
    let sweepEvery = 10

    func run() async throws {
        let period = self.period
        try? await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                try await Task.sleep(for: period)
                let open = self.basins.openBasins
                for basin in open {
                    await self.chores(basin) { store in
                        try await store.pruneChangeLog()
                        try await store.expireDueApplications()
                        try await store.sendReminders()
                    }
                }
                round += 1
                if round % self.sweepEvery == 0 {
                    for basin in (try? await self.academy.basins()) ?? [] where self.basins.exists(basin.id) {
                        await self.chores(basin.id) { store in
                            if !basin.archived, !open.contains(basin.id) {
                                try await store.expireDueApplications()
                                try await store.sendReminders()
                            }
                            let purged = try await store.purgePupils()
                            if purged > 0 {
                                self.logger.notice(
                                    "Deleted the pupils of ended school years past their retention",
                                    metadata: ["polestage.basin": "\(basin.id)", "polestage.pupils": "\(purged)"]
                                )
                            }
                        }
                    }
                }
                for basin in self.basins.closeIdle() {
                    self.logger.debug("Closed idle basin store", metadata: ["polestage.basin": "\(basin)"])
                }
            }
        }
        self.basins.closeAll()
    }

    private func chores(_ basin: BasinID, _ body: (BasinStore) async throws -> Void) async {
        do {
            try await body(self.basins.store(for: basin))
        } catch {
            self.logger.warning(
                "Could not do a basin store's chores",
                metadata: ["polestage.basin": "\(basin)", "error": "\(error)"]
            )
        }
    }
}
