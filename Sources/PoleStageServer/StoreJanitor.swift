import Logging
import PoleStageStore
import ServiceLifecycle

/// On a timer, prunes the change logs of the open basin stores, records the expiry of their pending applications past
/// their delay, writes the reminders that fell due, and closes the idle stores; every ``sweepEvery`` rounds it does the
/// placement chores for every basin of the academy, open or not (due times are stored, so a restart or an idle store
/// delays them by one sweep at most), and deletes the pupils past their retention. It measures the stores' files for
/// the metrics when it starts and after each round, so that a scrape reads no disk. Closes every store at shutdown.
struct StoreJanitor: Service {
    let academy: any AcademyStorage
    let basins: any BasinDirectory
    let metrics: ServerMetrics
    let logger: Logger
    /// The time between rounds.
    let period: Duration
    /// The clock the rounds wait on.
    let clock: any Clock<Duration>
    /// One round in this many visits every basin, not only the open ones.
    let sweepEvery = 10

    func run() async throws {
        let period = self.period
        await self.measureFiles()
        try? await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                try await self.clock.sleep(for: period)
                let open = self.basins.activeBasins
                for basin in open {
                    await self.chores(basin) { store in
                        try await store.pruneChangeLog()
                        try await store.expireDueApplications()
                        try await store.sendReminders()
                    }
                }
                round += 1
                if round % self.sweepEvery == 0 {
                    for basin in (try? await self.academy.basins()) ?? []
                    where (try? await self.basins.exists(basin.id)) == true {
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
                await self.measureFiles()
            }
        }
        self.basins.closeAll()
    }

    /// Sets `polestage.store.bytes` for each store, from its files or its schema.
    private func measureFiles() async {
        for (store, bytes) in await self.basins.storeSizes() {
            self.metrics.set("polestage.store.bytes", Double(bytes), dimensions: [("store", store)])
        }
    }

    private func chores(_ basin: BasinID, _ body: (any BasinStorage) async throws -> Void) async {
        do {
            try await body(self.basins.storage(for: basin))
        } catch {
            self.logger.warning(
                "Could not do a basin store's chores",
                metadata: ["polestage.basin": "\(basin)", "error": "\(error)"]
            )
        }
    }
}
