package import GRPCCore
import PoleStageAuth
package import PoleStageLive
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

/// `polestage.placements.v1.InboxService`: what concerns the caller, kept, listed, marked read and pushed live.
package struct InboxService: Polestage_Placements_V1_InboxService.SimpleServiceProtocol {
    let hub: InboxHub
    /// Messages read at once by a watcher.
    static let batchSize = 200

    package init(hub: InboxHub) {
        self.hub = hub
    }

    package func listInbox(
        request: Polestage_Placements_V1_ListInboxRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_InboxPage {
        let (tenant, recipient) = try Self.inbox()
        let size = request.pageSize == 0 ? 50 : Int(request.pageSize)
        guard (1...200).contains(size) else { throw InvalidField("page_size", "doit être de 1 à 200 (0 pour 50)") }
        guard request.beforeID >= 0 else { throw InvalidField("before_id", "ne doit pas être négatif") }
        let page = try await tenant.store.inbox(
            recipient,
            unreadOnly: request.unreadOnly,
            before: request.beforeID == 0 ? nil : request.beforeID,
            limit: size
        )
        return .with {
            $0.messages = page.messages.map(\.proto)
            $0.unread = Int32(page.unread)
            $0.head = .with {
                $0.epoch = page.head.epoch
                $0.offset = page.head.offset
            }
        }
    }

    package func markRead(
        request: Polestage_Placements_V1_MarkReadRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_MarkReadResponse {
        let (tenant, recipient) = try Self.inbox()
        guard request.all != !request.messageIds.isEmpty else {
            throw InvalidField("message_ids", "nommez les messages, ou cochez all (pas les deux)")
        }
        guard request.messageIds.count <= 1_000 else { throw InvalidField("message_ids", "au plus 1000 à la fois") }
        let (marked, unread) = try await tenant.store.markRead(recipient, ids: request.all ? nil : request.messageIds)
        return .with {
            $0.marked = Int32(marked)
            $0.unread = Int32(unread)
        }
    }

    package func watchInbox(
        request: Polestage_Placements_V1_WatchInboxRequest,
        response: RPCWriter<Polestage_Placements_V1_InboxEvent>,
        context: ServerContext
    ) async throws {
        let (tenant, recipient) = try Self.inbox()
        if request.hasResumeFrom, request.resumeFrom.offset < 0 {
            throw InvalidField("resume_from.offset", "ne doit pas être négatif")
        }
        let cancellation = WatchCancellation()
        try await withRPCCancellationHandler {
            try await self.watch(
                tenant: tenant,
                recipient: recipient,
                resumeFrom: request.hasResumeFrom ? request.resumeFrom : nil,
                cancellation: cancellation,
                response: response
            )
        } onCancelRPC: {
            cancellation.cancel()
        }
    }
}

extension InboxService {
    /// The caller's inbox: its company's, school's, own (a signed-in pupil) or its basin's (animator, coordination).
    static func inbox() throws -> (Tenant, InboxRecipient) {
        let (caller, tenant) = try RequestContext.inBasin()
        switch caller.principal {
        case .company(_, let siret): return (tenant, .company(siret))
        case .school(_, let uai): return (tenant, .school(uai))
        case .pupil(_, _, let rosterID):
            guard let rosterID else { throw ApplicationService.notSignedIn }
            return (tenant, .pupil(rosterID))
        case .animator, .coordinator: return (tenant, .basin)
        }
    }

    private func watch(
        tenant: Tenant,
        recipient: InboxRecipient,
        resumeFrom: Polestage_Offers_V1_StreamPosition?,
        cancellation: WatchCancellation,
        response: RPCWriter<Polestage_Placements_V1_InboxEvent>
    ) async throws {
        let store = tenant.store
        func position(_ epoch: Int64, _ offset: Int64) -> Polestage_Offers_V1_StreamPosition {
            .with {
                $0.epoch = epoch
                $0.offset = offset
            }
        }
        // Where the replay starts: the resume position when it can be used; else everything kept, after a reset.
        // The inbox's epoch and head (no message is after Int64.max).
        let bounds = try await store.inboxMessages(recipient, after: Int64.max, limit: 1)
        let epoch = bounds.epoch
        var after = bounds.head
        if let resumeFrom {
            var reason: Polestage_Offers_V1_StreamReset.Reason?
            if resumeFrom.epoch != epoch {
                reason = .epochChanged
            } else if resumeFrom.offset > bounds.head {
                reason = .ahead
            }
            if let reason {
                after = 0
                try await response.write(
                    .with {
                        $0.position = position(epoch, 0)
                        $0.reset = .with {
                            $0.reason = reason
                            $0.message =
                                reason == .ahead
                                ? "the position is ahead of the inbox: every kept message follows"
                                : "the position belongs to another epoch: every kept message follows"
                        }
                    }
                )
            } else {
                after = resumeFrom.offset
            }
        }
        var live = false
        while !cancellation.isCancelled {
            let batch = try await store.inboxMessages(recipient, after: after, limit: Self.batchSize)
            for message in batch.messages {
                try await response.write(
                    .with {
                        $0.position = position(batch.epoch, message.id)
                        $0.message = message.proto
                    }
                )
            }
            if batch.messages.count == Self.batchSize, let last = batch.messages.last {
                after = last.id
                continue
            }
            after = max(after, batch.head)
            if !live {
                live = true
                try await response.write(
                    .with {
                        $0.position = position(batch.epoch, after)
                        $0.live = .init()
                    }
                )
            }
            var wake = InboxHub.Wake.heartbeat
            while wake == .heartbeat {
                wake = try await self.hub.wait(
                    basin: tenant.basin.id,
                    recipient: recipient,
                    seen: after,
                    cancellation: cancellation
                )
                switch wake {
                case .messages, .cancelled: break
                case .heartbeat:
                    try await response.write(
                        .with {
                            $0.position = position(epoch, after)
                            $0.heartbeat = .init()
                        }
                    )
                case .shuttingDown:
                    throw RPCError(
                        code: .unavailable,
                        message: "the server is shutting down: resume from position \(epoch)/\(after)"
                    )
                }
            }
        }
    }
}

extension InboxMessage {
    var proto: Polestage_Placements_V1_InboxMessage {
        .with {
            $0.id = self.id
            $0.kind = self.kind.proto
            $0.atUnixMs = self.at
            $0.read = self.read
            $0.applicationID = self.application ?? 0
            $0.offerID = self.offer ?? 0
            $0.text = self.text
        }
    }
}

extension InboxKind {
    var proto: Polestage_Placements_V1_InboxKind {
        switch self {
        case .applicationReceived: .applicationReceived
        case .applicationSent: .applicationSent
        case .applicationAccepted: .applicationAccepted
        case .applicationDeclined: .applicationDeclined
        case .applicationWithdrawn: .applicationWithdrawn
        case .applicationExpired: .applicationExpired
        case .reminderPending: .reminderPending
        case .offerToUpdate: .offerToUpdate
        case .applicationStuck: .applicationStuck
        }
    }
}
