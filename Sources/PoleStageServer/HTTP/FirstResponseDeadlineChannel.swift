import HummingbirdCore
import Logging
import NIOCore

/// A server child channel that puts a ``FirstResponseDeadlineHandler`` and a ``RequestHeadGuard`` in front of another
/// one.
struct FirstResponseDeadlineChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let deadline: TimeAmount
    let headTimeout: TimeAmount
    let maxHeadSize: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                RequestHeadGuard(timeout: self.headTimeout, maxSize: self.maxHeadSize)
            )
            try channel.pipeline.syncOperations.addHandler(FirstResponseDeadlineHandler(deadline: self.deadline))
        }.flatMap {
            self.inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.inner.handle(value: value, logger: logger)
    }
}
