import Foundation

/// What one benchmark row measured.
package struct Measurement: Sendable {
    package var label: String
    package var concurrency: Int
    package var operations: Int
    package var seconds: Double
    /// Per-operation latencies, sorted.
    package var latencies: [Duration]
    /// CPU time (user + system) of the whole process over the measured interval.
    package var cpuSeconds: Double
    /// Bytes moved, for streaming rows.
    package var bytes: Int = 0

    package init(
        label: String,
        concurrency: Int,
        operations: Int,
        seconds: Double,
        latencies: [Duration],
        cpuSeconds: Double,
        bytes: Int = 0
    ) {
        self.label = label
        self.concurrency = concurrency
        self.operations = operations
        self.seconds = seconds
        self.latencies = latencies
        self.cpuSeconds = cpuSeconds
        self.bytes = bytes
    }

    package var throughput: Double { Double(self.operations) / self.seconds }
    package var cpuMicrosecondsPerOperation: Double { self.cpuSeconds * 1e6 / Double(max(self.operations, 1)) }

    package func percentile(_ p: Double) -> Duration {
        guard !self.latencies.isEmpty else { return .zero }
        let index = min(self.latencies.count - 1, Int((p / 100 * Double(self.latencies.count)).rounded(.down)))
        return self.latencies[index]
    }
}

/// CPU time used by this process so far, in seconds.
package func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Runs `operation` from `concurrency` callers for a warm-up, then for `duration`, timing each call.
package func measure(
    _ label: String,
    concurrency: Int,
    warmup: Duration,
    duration: Duration,
    bytesPerOperation: Int = 0,
    _ operation: @escaping @Sendable () async throws -> Void
) async throws -> Measurement {
    func run(for span: Duration) async throws -> (latencies: [Duration], elapsed: Duration, cpu: Double) {
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let start = clock.now
        let deadline = start + span
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Duration] = []
                    latencies.reserveCapacity(100_000)
                    while clock.now < deadline {
                        let began = clock.now
                        try await operation()
                        latencies.append(clock.now - began)
                    }
                    return latencies
                }
            }
            var all: [Duration] = []
            for try await part in group { all += part }
            return all
        }
        return (latencies, clock.now - start, processCPUSeconds() - cpuStart)
    }
    _ = try await run(for: warmup)
    let (latencies, elapsed, cpu) = try await run(for: duration)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Measurement(
        label: label,
        concurrency: concurrency,
        operations: latencies.count,
        seconds: seconds,
        latencies: latencies.sorted(),
        cpuSeconds: cpu,
        bytes: bytesPerOperation * latencies.count
    )
}

extension Duration {
    package var milliseconds: Double {
        Double(self.components.seconds) * 1e3 + Double(self.components.attoseconds) / 1e15
    }
}
