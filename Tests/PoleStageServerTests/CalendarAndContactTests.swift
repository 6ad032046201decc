import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

@Suite("Calendar and contacts")
struct CalendarAndContactTests {
    @Test(
        "schools declare periods; the basin sees the calendar and the load per week and trade",
        arguments: TestStores.tested
    )
    func calendarAndLoad(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                // 4 seats in cooking, week +3 and +4.
                _ = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(trade: "G1602", weeks: [3: 2, 4: 2])
                )
                let saved = try await clients.calendar.setSchoolPeriods(
                    .with {
                        $0.periods = [
                            .with {
                                $0.level = .level3EObservation
                                $0.fromWeek = fixture.protoWeek(3)
                                $0.toWeek = fixture.protoWeek(3)
                                $0.pupils = 30
                            },
                            .with {
                                $0.level = .cap
                                $0.fromWeek = fixture.protoWeek(3)
                                $0.toWeek = fixture.protoWeek(4)
                                $0.pupils = 10
                                $0.tradeCode = "G1602"
                            },
                        ]
                    },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(saved.schoolUai == fixture.schoolA1.rawValue)
                #expect(saved.periods.count == 2)
                _ = try await clients.calendar.setSchoolPeriods(
                    .with {
                        $0.schoolUai = fixture.schoolA2.rawValue
                        $0.periods = [
                            .with {
                                $0.level = .level3EObservation
                                $0.fromWeek = fixture.protoWeek(3)
                                $0.toWeek = fixture.protoWeek(3)
                                $0.pupils = 25
                            }
                        ]
                    },
                    metadata: fixture.metadata(.animatorA)
                )
                let range = Polestage_Calendar_V1_WeekRange.with {
                    $0.fromWeek = fixture.protoWeek(3)
                    $0.toWeek = fixture.protoWeek(4)
                }
                let calendar = try await clients.calendar.getBasinCalendar(range, metadata: fixture.metadata(.schoolA2))
                #expect(calendar.schools.map(\.schoolUai) == [fixture.schoolA1.rawValue, fixture.schoolA2.rawValue])
                let load = try await clients.calendar.getLoad(range, metadata: fixture.metadata(.animatorA))
                let rows = load.weeks.map { ("\($0.week.week)", $0.tradeCode, $0.pupilsOut, $0.seatsOffered) }
                let w3 = "\(fixture.week(3).week)", w4 = "\(fixture.week(4).week)"
                #expect(rows.map(\.0) == [w3, w3, w4])
                #expect(rows.map(\.1) == ["", "G1602", "G1602"])
                #expect(rows.map(\.2) == [55, 10, 10])
                #expect(rows.map(\.3) == [2, 2, 2])
            }
        }
    }

    @Test(
        "calendar requests are validated",
        arguments: [
            ("periods[0].to_week : ne doit pas précéder from_week", 4, 3, Int32(5), ""),
            ("periods[0].pupils : doit être entre 1 et 2000", 3, 3, Int32(0), ""),
            ("periods[0].trade_code : « cuisine » n'est pas un code ROME", 3, 3, Int32(5), "cuisine"),
            ("periods[0].to_week : une période dure au plus 26 semaines", 1, 40, Int32(5), ""),
        ]
    )
    func calendarValidation(message: String, from: Int, to: Int, pupils: Int32, trade: String) async throws {
        _ = try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                await expectStatus(.invalidArgument, message) {
                    try await clients.calendar.setSchoolPeriods(
                        .with {
                            $0.periods = [
                                .with {
                                    $0.level = .cap
                                    $0.fromWeek = fixture.protoWeek(from)
                                    $0.toWeek = fixture.protoWeek(to)
                                    $0.pupils = pupils
                                    $0.tradeCode = trade
                                }
                            ]
                        },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
            }
        }
    }

    @Test(
        "contacts per trade: the animator keeps them, a company its own, schools read them",
        arguments: TestStores.tested
    )
    func contacts(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let byAnimator = try await clients.contacts.addContact(
                    .with {
                        $0.tradeCode = "G1602"
                        $0.companySiret = fixture.companyA2.rawValue
                        $0.name = "Chef de cuisine"
                        $0.function = "Chef"
                        $0.email = "chef@example.org"
                    },
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(byAnimator.companyName == "Boulangerie A2")
                let own = try await clients.contacts.addContact(
                    .with {
                        $0.tradeCode = "I1604"
                        $0.name = "Responsable atelier"
                        $0.phone = "+33 3 85 00 00 00"
                    },
                    metadata: fixture.metadata(.companyA)
                )
                let updated = try await clients.contacts.updateContact(
                    .with {
                        $0.contactID = own.id
                        $0.details = .with {
                            $0.tradeCode = "I1606"
                            $0.name = "Responsable carrosserie"
                            $0.phone = "03 85 00 00 01"
                        }
                    },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(updated.details.tradeCode == "I1606")
                let cooking = try await clients.contacts.listContacts(
                    .with { $0.tradeCode = "G1602" },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(cooking.contacts.map(\.id) == [byAnimator.id])
                _ = try await clients.contacts.removeContact(
                    .with { $0.contactID = byAnimator.id },
                    metadata: fixture.metadata(.animatorA)
                )
                let all = try await clients.contacts.listContacts(.init(), metadata: fixture.metadata(.schoolA1))
                #expect(all.contacts.map(\.id) == [own.id])
                await expectStatus(.invalidArgument, "email : un courriel ou un téléphone est requis") {
                    try await clients.contacts.addContact(
                        .with {
                            $0.tradeCode = "I1604"
                            $0.name = "Sans moyen"
                        },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                await expectStatus(.invalidArgument, "email : n'est pas une adresse de courriel") {
                    try await clients.contacts.addContact(
                        .with {
                            $0.tradeCode = "I1604"
                            $0.name = "X"
                            $0.email = "pas une adresse"
                        },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                await expectStatus(.notFound, "contact 999 : introuvable") {
                    try await clients.contacts.removeContact(
                        .with { $0.contactID = 999 },
                        metadata: fixture.metadata(.animatorA)
                    )
                }
            }
        }
    }
}
