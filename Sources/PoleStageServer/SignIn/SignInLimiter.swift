import PoleStageStore
import Synchronization

/// Failed sign-in attempts per client address, against guessing codes.
///
/// An address may fail ``limit`` times within ``window``; then it is refused, without a look at the code, until its
/// oldest failure leaves the window. Successes are not counted. The clock is injected (Unix milliseconds), so tests
/// move it instead of waiting.
final class SignInLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let now: @Sendable () -> Int64
    /// Failure times by address, oldest first.
    private let failures = Mutex<[String: [Int64]]>([:])
    /// The most addresses kept; past it, the addresses with the oldest last failure go first.
    static let maxAddresses = 10_000

    init(limit: Int = 10, window: Duration = .seconds(600), now: @escaping @Sendable () -> Int64) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// How long `address` must wait before its next attempt; nil when it may try now.
    func retryAfter(_ address: String) -> Duration? {
        let now = self.now()
        let windowMilliseconds = self.window.milliseconds
        return self.failures.withLock { failures in
            guard var times = failures[address] else { return nil }
            times.removeAll { $0 <= now - windowMilliseconds }
            failures[address] = times.isEmpty ? nil : times
            guard times.count >= self.limit, let oldest = times.first else { return nil }
            return .milliseconds(oldest + windowMilliseconds - now)
        }
    }

    /// Counts a failed attempt from `address`.
    func failed(_ address: String) {
        let now = self.now()
        let windowMilliseconds = self.window.milliseconds
        self.failures.withLock { failures in
            var times = failures[address, default: []]
            times.removeAll { $0 <= now - windowMilliseconds }
            times.append(now)
            failures[address] = times
            if failures.count > Self.maxAddresses {
                let stale = failures.filter { $0.value.last.map { $0 <= now - windowMilliseconds } ?? true }
                for key in stale.keys { failures[key] = nil }
                if failures.count > Self.maxAddresses {
                    let oldest = failures.min { ($0.value.last ?? 0) < ($1.value.last ?? 0) }
                    if let oldest { failures[oldest.key] = nil }
                }
            }
        }
    }

    /// Addresses with failures kept.
    var addresses: Int { self.failures.withLock { $0.count } }
}
