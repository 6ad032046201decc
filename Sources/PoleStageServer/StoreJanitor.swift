import Logging
import PoleStageStore
import ServiceLifecycle

/// Closes idle basin stores on a timer, and every store at shutdown.
struct StoreJanitor: Service {
    let basins: BasinStoreRegistry
    let logger: Logger

    func run() async throws {
        let period = min(self.basins.configuration.idleTimeout / 4, .seconds(60))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: period)
                for basin in self.basins.closeIdle() {
                    self.logger.debug("Closed idle basin store", metadata: ["polestage.basin": "\(basin)"])
                }
            }
        }
        self.basins.closeAll()
    }
}
