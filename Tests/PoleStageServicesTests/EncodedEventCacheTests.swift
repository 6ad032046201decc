import PoleStageLive
import PoleStageProto
import SwiftProtobuf
import Testing

@testable import PoleStageServices
@testable import PoleStageStore

/// The cache that lets one change be serialized once for every subscriber that sees it alike.
@Suite("Encoded change events")
struct EncodedEventCacheTests {
    static let week = ISOWeek(year: 2027, week: 10)!
    static let school = GeoPoint(latitude: 46.7806, longitude: 4.8539)!
    static let north = GeoPoint(latitude: 46.8806, longitude: 4.8539)!

    static func change(offset: Int64, epoch: Int64 = 7, taken: Int = 1) -> SubscriptionEvent {
        let details = OfferDetails(
            trade: TradeCode("I1604")!,
            title: "Mécanique",
            description: "Atelier",
            levels: [.cap],
            seats: [Self.week: 3],
            address: PostalAddress(street: "1 rue du Port", postalCode: "71100", commune: "Chalon-sur-Saône"),
            location: Self.school
        )
        let offer = Offer(
            id: 42,
            company: SIRET("73282932000074")!,
            companyName: "Garage",
            tradeLabel: "Mécanique automobile",
            details: details,
            periods: [OfferPeriod(week: Self.week, seats: 3, taken: taken)],
            externalRef: nil,
            state: .published,
            version: 2,
            updatedAt: 1_000,
            distanceKm: nil
        )
        let change = OfferChange(
            offset: offset,
            kind: .seatsTaken,
            offer: offer,
            before: nil,
            week: Self.week,
            at: 1_000
        )
        return .change(change, position: ChangePosition(epoch: epoch, offset: offset))
    }

    static func decoded(_ encoded: EncodedOfferEvent) throws -> Polestage_Offers_V1_OfferEvent {
        try Polestage_Offers_V1_OfferEvent(serializedBytes: encoded.bytes)
    }

    @Test("the bytes are the event's own serialization, distances from the subscriber's origin included")
    func sameBytes() throws {
        let cache = EncodedEventCache()
        let event = Self.change(offset: 5)
        let encoded = try cache.encode(event, origin: Self.north, currentWeek: Self.week)
        let direct: [UInt8] = try event.proto(currentWeek: Self.week, origin: Self.north).serializedBytes()
        #expect(encoded.bytes == direct)
        let offer = try Self.decoded(encoded).change.offer
        #expect(abs(offer.distanceKm - 11.12) < 0.05)
    }

    @Test("one entry per change and origin; another origin, week or epoch is another entry")
    func keys() throws {
        let cache = EncodedEventCache()
        let event = Self.change(offset: 5)
        for _ in 0..<3 { _ = try cache.encode(event, origin: Self.school, currentWeek: Self.week) }
        #expect(cache.count == 1)
        let fromNorth = try cache.encode(event, origin: Self.north, currentWeek: Self.week)
        let fromNowhere = try cache.encode(event, origin: nil, currentWeek: Self.week)
        _ = try cache.encode(event, origin: Self.school, currentWeek: Self.week.next)
        _ = try cache.encode(Self.change(offset: 5, epoch: 8), origin: Self.school, currentWeek: Self.week)
        #expect(cache.count == 5)
        #expect(try Self.decoded(fromNorth).change.offer.distanceKm > 11)
        #expect(try Self.decoded(fromNowhere).change.offer.distanceKm == 0)
    }

    @Test("past its capacity the oldest entries go, and an evicted change is encoded again correctly")
    func eviction() throws {
        let cache = EncodedEventCache(capacity: 4)
        for offset in 1...10 {
            _ = try cache.encode(
                Self.change(offset: Int64(offset), taken: offset % 3),
                origin: nil,
                currentWeek: Self.week
            )
        }
        #expect(cache.count == 4)
        let again = try cache.encode(Self.change(offset: 1, taken: 1), origin: nil, currentWeek: Self.week)
        #expect(try Self.decoded(again).change.offer.periods[0].seatsTaken == 1)
        #expect(cache.count == 4)
    }

    @Test("events other than changes are not cached")
    func notCached() throws {
        let cache = EncodedEventCache()
        let heartbeat = SubscriptionEvent.heartbeat(position: ChangePosition(epoch: 7, offset: 9))
        let encoded = try cache.encode(heartbeat, origin: nil, currentWeek: Self.week)
        #expect(try Self.decoded(encoded).heartbeat == .init())
        #expect(cache.count == 0)
    }
}
