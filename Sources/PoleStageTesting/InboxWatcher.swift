public import GRPCCore
public import PoleStageProto

/// A WatchInbox stream read in the background.
public final class InboxWatcher: Sendable {
    public let stream: RecordedStream<Polestage_Placements_V1_InboxEvent>

    public init<Transport: ClientTransport>(
        _ inbox: Polestage_Placements_V1_InboxService.Client<Transport>,
        _ request: Polestage_Placements_V1_WatchInboxRequest = .init(),
        metadata: Metadata
    ) {
        self.stream = RecordedStream { push in
            try await inbox.watchInbox(request, metadata: metadata) { response in
                for try await event in response.messages { push(event) }
            }
        }
    }

    public func cancel() { self.stream.cancel() }

    /// The next event that is not a heartbeat.
    public func next(within duration: Duration = .seconds(20)) async throws -> Polestage_Placements_V1_InboxEvent {
        while true {
            let event = try await self.stream.next(within: duration)
            if case .heartbeat = event.event { continue }
            return event
        }
    }

    /// Events up to and including the next `live` one, heartbeats left out.
    public func untilLive(within duration: Duration = .seconds(30)) async throws -> [Polestage_Placements_V1_InboxEvent]
    {
        var events: [Polestage_Placements_V1_InboxEvent] = []
        while true {
            let event = try await self.next(within: duration)
            events.append(event)
            if case .live = event.event { return events }
        }
    }

    /// The next `count` messages, heartbeats left out; fails on another kind of event.
    public func messages(_ count: Int, within duration: Duration = .seconds(30)) async throws
        -> [Polestage_Placements_V1_InboxEvent]
    {
        var messages: [Polestage_Placements_V1_InboxEvent] = []
        while messages.count < count {
            let event = try await self.next(within: duration)
            guard case .message = event.event else { throw Unexpected(event: event) }
            messages.append(event)
        }
        return messages
    }

    public struct Unexpected: Error, CustomStringConvertible {
        public let event: Polestage_Placements_V1_InboxEvent
        public var description: String { "unexpected event: \(self.event)" }
    }
}
