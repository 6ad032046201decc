import Logging
import PoleStageStore
import ServiceLifecycle

/// On a timer, prunes the change logs of the open basin stores, records the expiry of their pending applications past
/// their delay, and closes the idle stores; closes every store at shutdown.
struct StoreJanitor: Service {
    let basins: BasinStoreRegistry
    let logger: Logger

    func run() async throws {
        let period = min(self.basins.configuration.idleTimeout / 4, .seconds(60))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: period)
                for basin in self.basins.openBasins {
                    do {
                        let store = self.basins.store(for: basin)
                        try await store.pruneChangeLog()
                        try await store.expireDueApplications()
                    } catch {
                        self.logger.warning(
                            "Could not prune a change log or expire applications",
                            metadata: ["polestage.basin": "\(basin)", "error": "\(error)"]
                        )
                    }
                }
                for basin in self.basins.closeIdle() {
                    self.logger.debug("Closed idle basin store", metadata: ["polestage.basin": "\(basin)"])
                }
            }
        }
        self.basins.closeAll()
    }
}
