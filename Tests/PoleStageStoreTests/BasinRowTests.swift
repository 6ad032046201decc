import Foundation
import GRDB
import Testing

@testable import PoleStageStore

@Suite("Basin store rows that no longer decode")
struct BasinRowTests {
    /// A stored row broken behind the store's back, and a read that meets it.
    struct CorruptRow: Sendable, CustomTestStringConvertible {
        var what: String
        var sql: String
        var read: @Sendable (BasinStore) async throws -> Void
        var error: StoreError
        var testDescription: String { self.what }
    }

    static let corruptRows: [CorruptRow] = [
        CorruptRow(
            what: "an offer's trade code that is no ROME code, read alone",
            sql: "UPDATE offer SET tradeCode = 'cook'",
            read: { _ = try await $0.offer(1) },
            error: .corrupt("offer 1: column tradeCode cannot be read")
        ),
        CorruptRow(
            what: "an offer's state, met by a search",
            sql: "UPDATE offer SET state = 'lost'",
            read: { _ = try await $0.searchOffers(OfferQuery(includeInactive: true, viewer: .staff)) },
            error: .corrupt("offer 1: column state cannot be read")
        ),
        CorruptRow(
            what: "an offer's week 60",
            sql: "UPDATE offerPeriod SET week = (week / 100) * 100 + 60",
            read: { _ = try await $0.offer(1) },
            error: .corrupt("offerPeriod 1: column week cannot be read")
        ),
        CorruptRow(
            what: "a reservation's state",
            sql: "UPDATE reservation SET state = 'lost'",
            read: { _ = try await $0.reservations(school: Sample.school, liveOnly: false) },
            error: .corrupt("reservation 1: column state cannot be read")
        ),
        CorruptRow(
            what: "a contact's SIRET with a wrong check digit",
            sql: "UPDATE contact SET companySiret = '73212345000010'",
            read: { _ = try await $0.contacts(trade: nil) },
            error: .corrupt("contact 1: column companySiret cannot be read")
        ),
        CorruptRow(
            what: "a school period's level 9",
            sql: "UPDATE schoolPeriod SET level = 9",
            read: { _ = try await $0.schoolPeriods(Sample.school) },
            error: .corrupt("schoolPeriod 1: column level cannot be read")
        ),
    ]

    @Test(
        "a row that breaks its column's rule fails the read with an error naming its table, key and column",
        arguments: corruptRows
    )
    func corruptRow(_ corrupt: CorruptRow) async throws {
        try await withBasinStore { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            _ = try await fixture.request(offer.id, week: week, pupil: 1)
            _ = try await fixture.store.addContact(
                ContactDetails(
                    trade: TradeCode("D1102")!,
                    company: Sample.company.siret,
                    name: "Mme Lefèvre",
                    function: "Gérante",
                    email: "contact@example.fr",
                    phone: "03 85 00 00 00"
                ),
                companyName: Sample.company.name
            )
            _ = try await fixture.store.setSchoolPeriods(
                [SchoolPeriod(level: .cap, from: week, to: week.next, pupils: 12)],
                school: Sample.school
            )
            try await fixture.database.write { db in try db.execute(sql: corrupt.sql) }
            let error = await #expect(throws: StoreError.self) { try await corrupt.read(fixture.store) }
            #expect(error == corrupt.error)
        }
    }
}
