import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageStore
import SwiftProtobuf
import Testing

@testable import PoleStageServices

/// `CalendarService` called directly: a school's periods, who may set them, and each refused period.
@Suite("Calendar service, called directly")
struct CalendarServiceTests {
    typealias Method = Polestage_Calendar_V1_CalendarService.Method
    let harness: ServiceHarness
    let service: CalendarService
    let animator = Principal.animator(user: "u-animator", basin: ServiceHarness.basinID)
    let school = Principal.school(user: "u-school", school: ServiceHarness.schoolA1)

    init() async throws {
        self.harness = try await ServiceHarness()
        self.service = CalendarService(academy: self.harness.academy)
    }

    static func week(_ offset: Int) -> Polestage_Common_V1_IsoWeek {
        var week = ISOWeek(containing: Date())
        for _ in 0..<offset { week = week.next }
        return week.proto
    }

    static func period(from: Int = 3, to: Int = 4, pupils: Int32 = 12) -> Polestage_Calendar_V1_SchoolPeriod {
        .with {
            $0.level = .cap
            $0.fromWeek = Self.week(from)
            $0.toWeek = Self.week(to)
            $0.pupils = pupils
        }
    }

    func set(
        _ principal: Principal,
        school: UAI? = nil,
        _ periods: [Polestage_Calendar_V1_SchoolPeriod]
    ) async -> RPCError? {
        await self.harness.refusal(principal, Method.SetSchoolPeriods.descriptor) { context in
            try await self.service.setSchoolPeriods(
                request: .with {
                    $0.schoolUai = school?.rawValue ?? ""
                    $0.periods = periods
                },
                context: context
            )
        }
    }

    @Test("a school sets its own periods; the animator reads them in the basin's calendar")
    func schoolSetsItsOwn() async throws {
        #expect(await self.set(self.school, [Self.period()]) == nil)
        let calendar = try await self.harness.call(self.animator, Method.GetBasinCalendar.descriptor) { context in
            try await self.service.getBasinCalendar(
                request: .with {
                    $0.fromWeek = Self.week(0)
                    $0.toWeek = Self.week(10)
                },
                context: context
            )
        }
        #expect(calendar.schools.map(\.schoolUai) == [ServiceHarness.schoolA1.rawValue])
        #expect(calendar.schools.first?.periods.map(\.pupils) == [12])
    }

    @Test("a school may not set another school's periods; staff name a school of their basin")
    func scope() async throws {
        expectRefusal(
            await self.set(self.school, school: ServiceHarness.schoolA2, [Self.period()]),
            .permissionDenied,
            "ne sert que pour son propre établissement"
        )
        expectRefusal(await self.set(self.animator, [Self.period()]), .invalidArgument, "school_uai")
        expectRefusal(
            await self.set(self.animator, school: ServiceHarness.schoolB1, [Self.period()]),
            .notFound,
            "dans le bassin basin-a"
        )
        #expect(await self.set(self.animator, school: ServiceHarness.schoolA2, [Self.period()]) == nil)
    }

    @Test(
        "a bad period is refused with its field and rule",
        arguments: [
            (CalendarServiceTests.period(from: 5, to: 4), "periods[0].to_week", "ne doit pas précéder from_week"),
            (CalendarServiceTests.period(from: 1, to: 40), "periods[0].to_week", "au plus 26 semaines"),
            (CalendarServiceTests.period(pupils: 0), "periods[0].pupils", "entre 1 et 2000"),
            (CalendarServiceTests.period(pupils: 2001), "periods[0].pupils", "entre 1 et 2000"),
        ]
    )
    func badPeriod(period: Polestage_Calendar_V1_SchoolPeriod, field: String, rule: String) async throws {
        let error = await self.set(self.school, [period])
        expectRefusal(error, .invalidArgument, field)
        expectRefusal(error, .invalidArgument, rule)
        // Nothing was saved.
        let calendar = try await self.harness.call(self.school, Method.GetSchoolCalendar.descriptor) { context in
            try await self.service.getSchoolCalendar(request: .init(), context: context)
        }
        #expect(calendar.periods.isEmpty)
    }

    @Test("a range without both ends, or over 53 weeks, is refused")
    func badRange() async throws {
        for (range, message) in [
            (Polestage_Calendar_V1_WeekRange.with { $0.toWeek = Self.week(1) }, "from_week : est requis"),
            (.with { $0.fromWeek = Self.week(1) }, "to_week : est requis"),
            (
                .with {
                    $0.fromWeek = Self.week(0)
                    $0.toWeek = Self.week(60)
                }, "un intervalle couvre au plus 53 semaines"
            ),
        ] {
            let error = await self.harness.refusal(self.animator, Method.GetLoad.descriptor) { context in
                try await self.service.getLoad(request: range, context: context)
            }
            expectRefusal(error, .invalidArgument, message)
        }
    }
}
