import Logging
import PoleStageAuth
import PoleStageStore
import ServiceLifecycle

/// On a timer, adds to the interceptor's ``RevocationList`` the revocations and deactivations that the academy store
/// holds, so that those made by another server process on the same data folder are refused here too.
///
/// This process's own revocations reach the list at once (the admin service adds them); the timer is for the others.
/// The list only grows (a revocation is never undone), so a reload can never drop an entry added meanwhile.
struct RevocationRefresher: Service {
    let academy: any AcademyStorage
    let revocations: RevocationList
    let period: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await self.clock.sleep(for: self.period)
                await self.reload()
            }
        }
    }

    /// Reads the revocations and deactivations the academy store holds into the list: what each tick does.
    func reload() async {
        do {
            self.revocations.add(
                revokedTokens: try await self.academy.revokedTokenIDs(),
                inactiveUsers: try await self.academy.inactiveUserIDs()
            )
        } catch {
            self.logger.warning("Could not reload the token revocations", metadata: ["error": "\(error)"])
        }
    }
}
