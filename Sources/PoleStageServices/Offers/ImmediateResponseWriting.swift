/// Writes serialized response messages to the stream whose handler is running, from another task, without waiting:
/// how a transport lets the live feed write a change to a waiting subscriber itself (see ``OfferRPCService``).
///
/// The WebSocket transport's `ImmediateResponseWriter` is one (the server declares it). A protocol, not a closure: the
/// feed calls it once per subscriber and change, and a closure wrapping the transport's writer would be one more
/// object to reach in memory for each.
package protocol ImmediateResponseWriting: Sendable {
    /// Queues one serialized message on the stream; `false`, with nothing sent, when that would need waiting or the
    /// stream ended.
    func writeImmediately(_ bytes: [UInt8]) -> Bool
}
