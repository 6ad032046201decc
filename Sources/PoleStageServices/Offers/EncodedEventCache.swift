import PoleStageLive
import PoleStageProto
import PoleStageStore
import SwiftProtobuf
import Synchronization

/// The serialized form of recent change events, shared by every subscription of the server: the first subscriber to
/// send a change converts and serializes it, the others copy its bytes.
///
/// A change event's bytes depend on the change (a basin's epoch and offset name it), on the point distances are
/// measured from (subscribers of one school share it) and on the current week (past weeks' seats are shown as taken);
/// the key holds all three. The oldest entries go first past ``capacity``. Other events (snapshot pages, heartbeats)
/// belong to one subscriber and are serialized directly.
final class EncodedEventCache: Sendable {
    private struct Key: Hashable {
        var epoch: Int64
        var offset: Int64
        var week: Int
        var latitude: UInt64?
        var longitude: UInt64?
    }

    private struct Entries {
        var bytes: [Key: [UInt8]] = [:]
        var order: [Key] = []
        var oldest = 0
    }

    let capacity: Int
    private let entries = Mutex(Entries())

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Entries held now.
    var count: Int { self.entries.withLock { $0.bytes.count } }

    func encode(_ event: SubscriptionEvent, origin: GeoPoint?, currentWeek: ISOWeek) throws -> EncodedOfferEvent {
        guard case .change(let change, let position) = event else {
            return EncodedOfferEvent(bytes: try event.proto(currentWeek: currentWeek, origin: origin).serializedBytes())
        }
        return try self.encode(change, at: position, origin: origin, currentWeek: currentWeek)
    }

    /// The event of `change` at `position`; the event is built only when its bytes are not cached (an event is a box:
    /// building one per subscriber, as the live feed writes a change to each, would allocate once per subscriber).
    func encode(_ change: OfferChange, at position: ChangePosition, origin: GeoPoint?, currentWeek: ISOWeek) throws
        -> EncodedOfferEvent
    {
        let key = Key(
            epoch: position.epoch,
            offset: position.offset,
            week: currentWeek.year * 100 + currentWeek.week,
            latitude: origin?.latitude.bitPattern,
            longitude: origin?.longitude.bitPattern
        )
        if let bytes = self.entries.withLock({ $0.bytes[key] }) { return EncodedOfferEvent(bytes: bytes) }
        let event = SubscriptionEvent.change(change, position: position)
        let bytes: [UInt8] = try event.proto(currentWeek: currentWeek, origin: origin).serializedBytes()
        self.entries.withLock { entries in
            guard entries.bytes.updateValue(bytes, forKey: key) == nil else { return }
            if entries.order.count < self.capacity {
                entries.order.append(key)
            } else {
                // A ring over `order`: the slot of the oldest key takes the new one.
                entries.bytes.removeValue(forKey: entries.order[entries.oldest])
                entries.order[entries.oldest] = key
                entries.oldest = (entries.oldest + 1) % self.capacity
            }
        }
        return EncodedOfferEvent(bytes: bytes)
    }
}
