package import GRPCCore

/// An `OfferEvent` already serialized: what ``OfferRPCService`` writes, so that one change is encoded once for many
/// subscribers.
package struct EncodedOfferEvent: Sendable {
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// Writes an ``EncodedOfferEvent``'s bytes as they are: the wire format of a `polestage.offers.v1.OfferEvent`.
package struct EncodedOfferEventSerializer: MessageSerializer {
    package init() {}

    package func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedOfferEvent) throws -> Bytes {
        Bytes(message.bytes)
    }
}
