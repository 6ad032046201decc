import HummingbirdCore
import Logging
import NIOCore

/// A server child channel that puts a ``PlainTextRefusalHandler`` in front of another one (the TLS channel).
struct PlainTextRefusalChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(PlainTextRefusalHandler())
        }.flatMap {
            self.inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.inner.handle(value: value, logger: logger)
    }
}
