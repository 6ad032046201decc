import PoleStageLive
import ServiceLifecycle

/// Runs the live feed, the live inbox and the good-practice space's watchers as a ServiceLifecycle service. Graceful shutdown ends every subscription and
/// inbox watch (the gRPC servers' drain does it first, see ``PoleStageServer``).
struct LiveFeedService: Service {
    let hub: ChangeHub
    let inboxHub: InboxHub
    let practiceHub: PracticeHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.hub.run() }
                group.addTask { await self.inboxHub.run() }
                group.addTask { await self.practiceHub.run() }
            }
        }
        self.hub.close()
        self.inboxHub.close()
        self.practiceHub.close()
    }
}
