import Logging
import PoleStageStore
import ServiceLifecycle

/// Runs what the stores need beside the server (on PostgreSQL, the commit signals between nodes and the publication
/// of this node's live subscribers), and probes the
/// database every ``period``: `/readyz` answers 503 while it does not answer. The client reconnects by itself; the
/// probe only reports.
struct DatabaseMonitor: Service {
    let stores: ServerStores
    /// Told of each probe's outcome.
    let report: @Sendable (Bool) -> Void
    /// This node's live subscribers per basin now, published where the stores keep presence.
    let presence: @Sendable () -> [BasinID: Int]
    let logger: Logger
    let period: Duration

    func run() async throws {
        let stores = self.stores
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if let background = stores.background { group.addTask { await background() } }
                if let board = stores.presence {
                    let counts = self.presence
                    group.addTask { await board.publish(counts) }
                }
                if let probe = stores.databaseReachable {
                    group.addTask {
                        var reachable = true
                        while !Task.isCancelled {
                            let now = await probe()
                            if now != reachable {
                                if now {
                                    self.logger.notice("The database answers again: ready")
                                } else {
                                    self.logger.warning("The database does not answer: not ready until it does")
                                }
                                reachable = now
                            }
                            self.report(now)
                            do { try await Task.sleep(for: self.period) } catch { return }
                        }
                    }
                }
            }
        }
    }
}
