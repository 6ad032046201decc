import Synchronization
import Testing

@testable import PoleStageLive
@testable import PoleStageStore

/// A mailbox whose subscriber waits lets the feed write changes to the subscriber's stream itself
/// (`ImmediateWrite`); what cannot go that way goes through the mailbox, in order.
@Suite("Live changes written by the feed")
struct ImmediateDeliveryTests {
    static let currentWeek = ISOWeek(year: 2027, week: 1)!

    /// A seat taken on a published offer, at `offset` of the change log.
    static func change(_ offset: Int64) -> OfferChange {
        let week = Self.currentWeek
        let details = OfferDetails(
            trade: TradeCode("I1604")!,
            title: "Mécanique",
            description: "Atelier",
            levels: [.cap],
            seats: [week: 3],
            address: PostalAddress(street: "1 rue du Port", postalCode: "71100", commune: "Chalon-sur-Saône"),
            location: GeoPoint(latitude: 46.7806, longitude: 4.8539)!
        )
        let offer = Offer(
            id: 42,
            company: SIRET("73282932000074")!,
            companyName: "Garage",
            tradeLabel: "Mécanique automobile",
            details: details,
            periods: [OfferPeriod(week: week, seats: 3, taken: 1)],
            externalRef: nil,
            state: .published,
            version: 2,
            updatedAt: 1_000,
            distanceKm: nil
        )
        return OfferChange(offset: offset, kind: .seatsTaken, offer: offer, before: nil, week: week, at: 1_000)
    }

    /// Records what the feed wrote and accepts writes while it has room.
    final class Stream: Sendable {
        let state = Mutex<(room: Int, written: [ChangePosition])>((0, []))

        init(room: Int) {
            self.state.withLock { $0.room = room }
        }

        var written: [ChangePosition] { self.state.withLock { $0.written } }

        func setRoom(_ room: Int) { self.state.withLock { $0.room = room } }

        var write: ImmediateWrite {
            { change, position, _ in
                self.state.withLock { state in
                    guard state.room > 0 else { return false }
                    #expect(change.offset == position.offset)
                    state.room -= 1
                    state.written.append(position)
                    return true
                }
            }
        }
    }

    /// A mailbox whose subscriber waits in `next(epoch:)`, and the task of that wait.
    static func waitingMailbox(
        _ stream: Stream?,
        epoch: Int64
    ) async throws -> (Mailbox, Task<(item: Mailbox.Item, writtenThrough: Int64), Never>) {
        let mailbox = Mailbox(id: 1, filter: OfferFilter(viewer: .staff), capacity: 8, immediate: stream?.write)
        mailbox.start(at: 0)
        let next = Task { await mailbox.next(epoch: epoch) }
        try await Self.untilWaiting(mailbox)
        return (mailbox, next)
    }

    /// Waits (bounded) until the subscriber's task is parked in `next(epoch:)`.
    static func untilWaiting(_ mailbox: Mailbox) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !mailbox.isWaiting {
            try #require(ContinuousClock.now < deadline, "the subscriber never waited")
            await Task.yield()
        }
    }

    static func offsets(_ item: Mailbox.Item) -> Int64? {
        if case .change(let change) = item { change.offset } else { nil }
    }

    @Test("while the subscriber waits, changes go to its stream without waking it; the first refused one wakes it")
    func writtenWhileWaiting() async throws {
        let stream = Stream(room: 3)
        let (mailbox, next) = try await Self.waitingMailbox(stream, epoch: 5)

        mailbox.deliver([Self.change(1), Self.change(2)], through: 2, currentWeek: Self.currentWeek)
        #expect(mailbox.isWaiting, "written changes wake no one")
        // Room for one more: the batch's first goes, the two after it are buffered, in order.
        mailbox.deliver([Self.change(3), Self.change(4), Self.change(5)], through: 5, currentWeek: Self.currentWeek)
        let (item, writtenThrough) = await next.value
        #expect(Self.offsets(item) == 4)
        #expect(writtenThrough == 3, "the subscriber's position moves past what was written for it")
        #expect(stream.written == (1...3).map { ChangePosition(epoch: 5, offset: $0) })
        #expect(mailbox.statistics.immediateWrites == 3)

        // Awake, the subscriber writes itself: nothing is written for it, even with room.
        stream.setRoom(10)
        mailbox.deliver([Self.change(6)], through: 6, currentWeek: Self.currentWeek)
        #expect(Self.offsets(await mailbox.next(epoch: 5).item) == 5)
        #expect(Self.offsets(await mailbox.next(epoch: 5).item) == 6)
        #expect(stream.written.count == 3)
    }

    @Test("without an immediate writer every change goes through the mailbox")
    func withoutWriter() async throws {
        let (mailbox, next) = try await Self.waitingMailbox(nil, epoch: 1)
        mailbox.deliver([Self.change(1)], through: 1, currentWeek: Self.currentWeek)
        let (item, writtenThrough) = await next.value
        #expect(Self.offsets(item) == 1)
        #expect(writtenThrough == 0)
        #expect(mailbox.statistics.immediateWrites == 0)
    }

    @Test("a new epoch voids the position of what was written in the old one")
    func epochChange() async throws {
        let stream = Stream(room: 10)
        let (mailbox, next) = try await Self.waitingMailbox(stream, epoch: 2)
        mailbox.deliver([Self.change(7)], through: 7, currentWeek: Self.currentWeek)
        mailbox.markEpochChanged()
        let (item, writtenThrough) = await next.value
        guard case .epochChanged = item else {
            Issue.record("expected the epoch change, got \(item)")
            return
        }
        #expect(writtenThrough == 0)
        #expect(stream.written == [ChangePosition(epoch: 2, offset: 7)])
    }

    @Test("a closed mailbox writes nothing more")
    func closed() async throws {
        let stream = Stream(room: 10)
        let (mailbox, next) = try await Self.waitingMailbox(stream, epoch: 1)
        mailbox.close(.cancelled)
        mailbox.deliver([Self.change(1)], through: 1, currentWeek: Self.currentWeek)
        guard case .closed(.cancelled) = await next.value.item else {
            Issue.record("expected the end")
            return
        }
        #expect(stream.written.isEmpty)
    }
}
