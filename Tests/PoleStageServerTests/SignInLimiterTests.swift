import Synchronization
import Testing

@testable import PoleStageServer

/// The limiter of failed sign-ins, on an injected clock.
@Suite("Sign-in limiter")
struct SignInLimiterTests {
    @Test("an address may fail ten times in ten minutes; then it waits for its oldest failure to leave the window")
    func window() {
        let clock = Mutex<Int64>(0)
        let limiter = SignInLimiter(limit: 3, window: .seconds(60), now: { clock.withLock { $0 } })
        for second in [0, 10, 20] {
            #expect(limiter.retryAfter("10.0.0.1") == nil)
            clock.withLock { $0 = Int64(second) * 1000 }
            limiter.failed("10.0.0.1")
        }
        #expect(limiter.retryAfter("10.0.0.1") == .seconds(40))
        #expect(limiter.retryAfter("10.0.0.2") == nil)
        clock.withLock { $0 = 60_000 }
        #expect(limiter.retryAfter("10.0.0.1") == nil)
        clock.withLock { $0 = 200_000 }
        #expect(limiter.retryAfter("10.0.0.1") == nil && limiter.addresses == 0)
    }
}
