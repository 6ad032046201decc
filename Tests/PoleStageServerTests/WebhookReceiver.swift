import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP server on an ephemeral loopback port that records the webhooks it gets, answering 500 while told to
/// fail.
final class WebhookReceiver: Sendable {
    struct Request: Sendable {
        var headers: [String: String]
        var body: [UInt8]
        var answered: Int
    }

    private let state = Mutex<(requests: [Request], failing: Bool, failDelivery: Set<String>)>(([], false, []))
    private let accepted: AsyncStream<Request>
    private let accept: AsyncStream<Request>.Continuation
    private let received: AsyncStream<Request>
    private let receive: AsyncStream<Request>.Continuation

    init() {
        (self.accepted, self.accept) = AsyncStream.makeStream(of: Request.self)
        (self.received, self.receive) = AsyncStream.makeStream(of: Request.self)
    }

    /// Answers 500 to everything while set.
    func setFailing(_ failing: Bool) { self.state.withLock { $0.failing = failing } }

    /// Answers 500 to these deliveries (`X-PoleStage-Delivery`) always.
    func failAlways(_ delivery: String) { _ = self.state.withLock { $0.failDelivery.insert(delivery) } }

    var requests: [Request] { self.state.withLock { $0.requests } }

    /// The next `count` requests answered 200.
    func nextAccepted(_ count: Int) async -> [Request] { await Self.take(count, from: self.accepted) }

    /// The next `count` requests, however answered.
    func nextReceived(_ count: Int) async -> [Request] { await Self.take(count, from: self.received) }

    private static func take(_ count: Int, from stream: AsyncStream<Request>) async -> [Request] {
        var iterator = stream.makeAsyncIterator()
        var result: [Request] = []
        while result.count < count, let next = await iterator.next() { result.append(next) }
        return result
    }

    private func handle(_ headers: [String: String], _ body: [UInt8]) -> HTTPResponse.Status {
        let status: HTTPResponse.Status = self.state.withLock { state in
            let fail = state.failing || state.failDelivery.contains(headers["x-polestage-delivery"] ?? "")
            let status: HTTPResponse.Status = fail ? .internalServerError : .ok
            state.requests.append(Request(headers: headers, body: body, answered: Int(status.code)))
            return status
        }
        let request = Request(headers: headers, body: body, answered: Int(status.code))
        self.receive.yield(request)
        if status == .ok { self.accept.yield(request) }
        return status
    }

    /// Runs the receiver while `body` runs, with the URL webhooks are posted to.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let bytes = try await request.body.collect(upTo: 1 << 20)
            return Response(status: self.handle(headers, Array(buffer: bytes)))
        }
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.yield(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "webhook-receiver")
                logger.logLevel = .critical
                return logger
            }()
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            let bound = await iterator.next() ?? 0
            defer { group.cancelAll() }
            return try await body(URL(string: "http://127.0.0.1:\(bound)/hook")!)
        }
    }
}
