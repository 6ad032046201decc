import PoleStageLive
import ServiceLifecycle

/// Runs the live feed and the live inbox as a ServiceLifecycle service. Graceful shutdown ends every subscription and
/// inbox watch (the gRPC servers' drain does it first, see ``PoleStageServer``).
struct LiveFeedService: Service {
    let hub: ChangeHub
    let inboxHub: InboxHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.hub.run() }
                group.addTask { await self.inboxHub.run() }
            }
        }
        self.hub.close()
        self.inboxHub.close()
    }
}
