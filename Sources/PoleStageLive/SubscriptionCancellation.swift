import Synchronization

/// Ends a subscription from outside its task: gRPC signals a cancelled RPC through a handler, not by cancelling the
/// handler's task.
package final class SubscriptionCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, mailbox: Mailbox?)>((false, nil))

    package init() {}

    /// Ends the subscription (now, or as soon as it starts).
    package func cancel() {
        let mailbox = self.state.withLock { state -> Mailbox? in
            state.cancelled = true
            return state.mailbox
        }
        mailbox?.close(.cancelled)
    }

    func attach(_ mailbox: Mailbox) {
        let cancelled = self.state.withLock { state -> Bool in
            state.mailbox = mailbox
            return state.cancelled
        }
        if cancelled { mailbox.close(.cancelled) }
    }
}
