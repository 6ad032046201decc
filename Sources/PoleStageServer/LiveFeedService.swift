import PoleStageLive
import ServiceLifecycle

/// Runs the live feed as a ServiceLifecycle service. Graceful shutdown ends every subscription (the gRPC servers'
/// drain does it first, see ``PoleStageServer``).
struct LiveFeedService: Service {
    let hub: ChangeHub

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.hub.run()
        }
        self.hub.close()
    }
}
