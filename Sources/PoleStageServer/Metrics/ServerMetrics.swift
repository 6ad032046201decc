import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The server's metrics, in a Prometheus registry of its own (not the process-wide `MetricsSystem`, so that several
/// servers in one process, as in tests, keep separate counts).
///
/// Labels are dotted, as swift-metrics names go (`polestage.rpc.requests`); Prometheus sees them with underscores.
/// Dimensions are bounded: service and method (registered methods only), status code, transport, basin.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    private let requests = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let durations = Mutex<[DurationKey: CoreMetrics.Timer]>([:])
    private let gauges = Mutex<[GaugeKey: CoreMetrics.Gauge]>([:])

    private struct RequestKey: Hashable {
        var service: String
        var method: String
        var code: String
        var transport: String
    }

    private struct DurationKey: Hashable {
        var service: String
        var method: String
        var transport: String
    }

    private struct GaugeKey: Hashable {
        var label: String
        var dimensions: [String]
    }

    init() {
        var factory = PrometheusMetricsFactory(registry: self.registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (name.replacingOccurrences(of: ".", with: "_"), labels)
        }
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(500), .seconds(2), .seconds(10),
        ]
        self.factory = factory
    }

    /// Counts one finished RPC and records how long it took.
    func recordRPC(service: String, method: String, code: String, transport: String, duration: Duration) {
        let requestKey = RequestKey(service: service, method: method, code: code, transport: transport)
        let counter = self.requests.withLock { cache in
            if let counter = cache[requestKey] { return counter }
            let counter = CoreMetrics.Counter(
                label: "polestage.rpc.requests",
                dimensions: [("service", service), ("method", method), ("code", code), ("transport", transport)],
                factory: self.factory
            )
            cache[requestKey] = counter
            return counter
        }
        counter.increment()
        let durationKey = DurationKey(service: service, method: method, transport: transport)
        let timer = self.durations.withLock { cache in
            if let timer = cache[durationKey] { return timer }
            let timer = CoreMetrics.Timer(
                label: "polestage.rpc.duration",
                dimensions: [("service", service), ("method", method), ("transport", transport)],
                factory: self.factory
            )
            cache[durationKey] = timer
            return timer
        }
        timer.recordNanoseconds(duration.nanoseconds)
    }

    /// Sets a gauge, created on first use.
    func set(_ label: String, _ value: Double, dimensions: [(String, String)] = []) {
        let key = GaugeKey(label: label, dimensions: dimensions.flatMap { [$0.0, $0.1] })
        let gauge = self.gauges.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge = CoreMetrics.Gauge(label: label, dimensions: dimensions, factory: self.factory)
            cache[key] = gauge
            return gauge
        }
        gauge.record(value)
    }

    /// The Prometheus text exposition of every metric.
    func render() -> String {
        self.registry.emitToString()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
