public import GRPCCore
public import PoleStageProto
import Synchronization

/// A server stream read in the background: tests take its events one by one, each with a bounded wait.
public final class RecordedStream<Event: Sendable>: Sendable {
    private let state = Mutex(State())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    private struct State {
        var events: [Event] = []
        var next = 0
        var end: (any Error)?
        var ended = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    /// The stream ended without an error.
    public struct Ended: Error, CustomStringConvertible {
        public var description: String { "the stream ended" }
    }

    /// Starts `call`, which hands each event it reads to its argument.
    public init(_ call: @escaping @Sendable (_ push: @escaping @Sendable (Event) -> Void) async throws -> Void) {
        let task = Task {
            do {
                try await call { self.push($0) }
                self.finish(nil)
            } catch {
                self.finish(error)
            }
        }
        self.task.withLock { $0 = task }
    }

    /// Cancels the call, as a client that goes away.
    public func cancel() {
        self.task.withLock { $0 }?.cancel()
    }

    /// Waits for the call to end, and returns how (`nil` when without an error).
    public func ended(within duration: Duration = .seconds(20)) async throws -> (any Error)? {
        try await withTimeout(duration) {
            while true {
                let (ended, end) = self.state.withLock { ($0.ended, $0.end) }
                if ended { return end.map { $0 as any Error } }
                await self.waitForChange(endOnly: true)
            }
        }
    }

    /// The next event; throws the call's error (or ``Ended``) when it ended, ``TimeoutError`` when nothing came.
    public func next(within duration: Duration = .seconds(20)) async throws -> Event {
        try await withTimeout(duration) {
            while true {
                let result = self.state.withLock { state -> Result<Event, any Error>? in
                    if state.next < state.events.count {
                        defer { state.next += 1 }
                        return .success(state.events[state.next])
                    }
                    if state.ended { return .failure(state.end ?? Ended()) }
                    return nil
                }
                if let result { return try result.get() }
                await self.waitForChange()
            }
        }
    }

    /// Every event received so far.
    public var received: [Event] { self.state.withLock { $0.events } }

    private func push(_ event: Event) {
        self.state.withLock { state in
            state.events.append(event)
            return state.waiter.take()
        }?.resume()
    }

    private func finish(_ error: (any Error)?) {
        self.state.withLock { state in
            state.ended = true
            state.end = error
            return state.waiter.take()
        }?.resume()
    }

    /// Returns after the next push or the end (or at once if one is pending); one waiter at a time.
    private func waitForChange(endOnly: Bool = false) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = self.state.withLock { state -> Bool in
                    if state.ended || (!endOnly && state.next < state.events.count) { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { $0.waiter.take() }?.resume()
        }
    }
}

/// A Subscribe stream read in the background: tests take its events one by one, each with a bounded wait.
public final class OfferSubscriber: Sendable {
    private let stream: RecordedStream<Polestage_Offers_V1_OfferEvent>

    /// The stream ended without an error.
    public typealias Ended = RecordedStream<Polestage_Offers_V1_OfferEvent>.Ended

    /// Starts the call.
    ///
    /// - Parameter gate: When given, the response is not read until the gate yields: a client that does not read.
    public init<Transport: ClientTransport>(
        _ offers: Polestage_Offers_V1_OfferService.Client<Transport>,
        _ request: Polestage_Offers_V1_SubscribeRequest,
        metadata: Metadata,
        gate: AsyncStream<Void>? = nil
    ) {
        self.stream = RecordedStream { push in
            try await offers.subscribe(request, metadata: metadata) { response in
                if let gate { for await _ in gate { break } }
                for try await event in response.messages { push(event) }
            }
        }
    }

    /// Cancels the call, as a client that goes away.
    public func cancel() { self.stream.cancel() }

    /// Waits for the call to end, and returns how (`nil` when without an error).
    public func ended(within duration: Duration = .seconds(20)) async throws -> (any Error)? {
        try await self.stream.ended(within: duration)
    }

    /// The next event; throws the call's error (or ``Ended``) when it ended, ``TimeoutError`` when nothing came.
    public func next(within duration: Duration = .seconds(20)) async throws -> Polestage_Offers_V1_OfferEvent {
        try await self.stream.next(within: duration)
    }

    /// The next event that is not a heartbeat.
    public func nextSignificant(within duration: Duration = .seconds(20)) async throws
        -> Polestage_Offers_V1_OfferEvent
    {
        while true {
            let event = try await self.next(within: duration)
            if case .heartbeat = event.event { continue }
            return event
        }
    }

    /// The next `count` change events, skipping heartbeats; fails on any other kind of event.
    public func changes(_ count: Int, within duration: Duration = .seconds(30)) async throws
        -> [Polestage_Offers_V1_OfferEvent]
    {
        var changes: [Polestage_Offers_V1_OfferEvent] = []
        while changes.count < count {
            let event = try await self.nextSignificant(within: duration)
            guard case .change = event.event else { throw Unexpected(event: event) }
            changes.append(event)
        }
        return changes
    }

    /// Events up to and including the next `live` one, heartbeats left out.
    public func untilLive(within duration: Duration = .seconds(30)) async throws -> [Polestage_Offers_V1_OfferEvent] {
        var events: [Polestage_Offers_V1_OfferEvent] = []
        while true {
            let event = try await self.nextSignificant(within: duration)
            events.append(event)
            if case .live = event.event { return events }
        }
    }

    /// An event of another kind than expected.
    public struct Unexpected: Error, CustomStringConvertible {
        public let event: Polestage_Offers_V1_OfferEvent
        public var description: String { "unexpected event: \(self.event)" }
    }

    /// Every event received so far.
    public var received: [Polestage_Offers_V1_OfferEvent] { self.stream.received }
}
