public import GRPCCore

/// An `OfferEvent` already serialized: what ``OfferRPCService`` writes, so that one change is encoded once for many
/// subscribers.
public struct EncodedOfferEvent: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// Writes an ``EncodedOfferEvent``'s bytes as they are: the wire format of a `polestage.offers.v1.OfferEvent`.
public struct EncodedOfferEventSerializer: MessageSerializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedOfferEvent) throws -> Bytes {
        Bytes(message.bytes)
    }
}
