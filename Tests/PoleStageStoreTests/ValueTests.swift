import Foundation
import Testing

@testable import PoleStageStore

@Suite("Value types")
struct ValueTests {
    // MARK: SIRET

    @Test(
        "a SIRET completed with its check digit is valid, any other last digit is not",
        arguments: ["7321234500001", "4420123456789", "1234567890123", "5522032534000"]
    )
    func siretCheckDigit(body: String) throws {
        let digit = try #require(SIRET.checkDigit(for: body))
        let valid = try #require(SIRET(body + String(digit)))
        #expect(valid.rawValue == body + String(digit))
        #expect(valid.siren == String(body.prefix(9)))
        for wrong in (0...9).filter({ $0 != digit }) {
            #expect(SIRET(body + String(wrong)) == nil, "check digit \(wrong) instead of \(digit)")
        }
    }

    @Test("a real SIRET passes the Luhn check")
    func realSIRET() {
        #expect(SIRET("73282932000074")?.siren == "732829320")
        #expect(SIRET("73282932000075") == nil)
    }

    @Test(
        "malformed SIRETs are rejected",
        arguments: [
            "7328293200007",  // 13 digits
            "732829320000740",  // 15 digits
            "7328293200007A",  // a letter
            "73282932000O74",  // a letter O for a zero
            "",
            "732-829-320-00074",  // dashes are not spaces
            "٧٣٢٨٢٩٣٢٠٠٠٠٧٤",  // Arabic-Indic digits are not ASCII
        ]
    )
    func malformedSIRET(input: String) {
        #expect(SIRET(input) == nil)
    }

    @Test("spaces between digit groups are accepted and removed", arguments: ["732 829 320 00074", " 73282932000074 "])
    func siretSpaces(input: String) throws {
        let siret = try #require(SIRET(input))
        #expect(siret.rawValue == "73282932000074")
    }

    @Test("La Poste (SIREN 356000000): the sum of the digits must be a multiple of 5, Luhn does not apply")
    func laPoste() throws {
        // Sum 15, Luhn invalid: valid for La Poste.
        #expect(SIRET.luhnSum("35600000000001".map { $0.wholeNumberValue! }) % 10 != 0)
        let establishment = try #require(SIRET("35600000000001"))
        #expect(establishment.siren == "356000000")
        #expect(SIRET("356 000 000 00001") == establishment)
        // Luhn valid, sum 19: invalid for La Poste.
        #expect(SIRET.luhnSum("35600000000014".map { $0.wholeNumberValue! }) % 10 == 0)
        #expect(SIRET("35600000000014") == nil)
        // Other establishments whose digits sum to a multiple of 5.
        #expect(SIRET("35600000000010") != nil)
        #expect(SIRET("35600000012346") != nil)
        #expect(SIRET("35600000012345") == nil)
    }

    @Test("La Poste's head office SIRET 356 000 000 00048 keeps the Luhn key and is valid")
    func laPosteHeadOffice() {
        // INSEE's exception to the exception: the head office (NIC 00048) follows Luhn, its digits sum to 26.
        #expect(SIRET("35600000000048") != nil)

    }

    @Test("the check digit helper also builds valid La Poste SIRETs")
    func laPosteCheckDigit() throws {
        // For 356000000 the rule is the digit sum: the helper's Luhn digit 4 gives a sum of 19.
        let digit = try #require(SIRET.checkDigit(for: "3560000000001"))
        #expect(SIRET("3560000000001" + String(digit)) != nil)

    }

    // MARK: UAI

    @Test(
        "a UAI completed with its check letter is valid, any other letter is not",
        arguments: ["0710001", "0711234", "0750655", "0210017", "2A00011", "2B12345"]
    )
    func uaiCheckLetter(body: String) throws {
        let letter = try #require(UAI.checkLetter(for: body))
        let valid = try #require(UAI(body + String(letter)))
        #expect(valid.rawValue == body + String(letter))
        for wrong in UAI.checkLetters where wrong != letter {
            #expect(UAI(body + String(wrong)) == nil, "check letter \(wrong) instead of \(letter)")
        }
    }

    @Test("real UAIs are valid; lowercase is accepted and uppercased")
    func realUAI() throws {
        #expect(UAI("0750655E") != nil)  // Lycée Henri-IV, Paris
        #expect(UAI("0750654D") != nil)  // Lycée Louis-le-Grand, Paris
        let lower = try #require(UAI("0750655e"))
        #expect(lower.rawValue == "0750655E")
        #expect(lower == UAI("0750655E"))
    }

    @Test(
        "malformed UAIs are rejected",
        arguments: ["0750655", "0750655EE", "07506555", "075065XE", "", "0750655 ", "+750655E", "0750655Ι"]
    )
    func malformedUAI(input: String) {
        #expect(UAI(input) == nil)
    }

    // MARK: BasinID

    @Test(
        "basin slugs",
        arguments: [
            ("chalon-tournus-louhans", true),
            ("ab", true),
            ("b2", true),
            ("a-1", true),
            ("macon-2", true),
            (String(repeating: "a", count: 48), true),
            (String(repeating: "a", count: 49), false),
            ("a", false),
            ("", false),
            ("1abc", false),
            ("-abc", false),
            ("abc-", false),
            ("a--b", false),
            ("Chalon", false),
            ("a_b", false),
            ("a b", false),
            ("a.b", false),
            ("../etc", false),
            ("mâcon", false),
        ]
    )
    func basinSlugs(slug: String, valid: Bool) {
        #expect((BasinID(slug) != nil) == valid)
        if valid { #expect(BasinID(slug)?.description == slug) }
    }

    // MARK: PupilRef

    @Test(
        "pupil references",
        arguments: [
            ("P0001", true),
            ("abc1", true),
            ("2026-3A_17", true),
            (String(repeating: "x", count: 31) + "9", true),
            (String(repeating: "x", count: 32) + "9", false),
            ("abcd", false),  // no digit: a name typed by mistake
            ("Lucas", false),
            ("a12", false),  // too short
            ("ab 12", false),  // a space
            ("Jean Dupont 3", false),
            ("élève1", false),
            ("P0001\n", false),
        ]
    )
    func pupilReferences(input: String, valid: Bool) {
        #expect((PupilRef(input) != nil) == valid)
    }

    @Test("a pupil reference never shows its value in a description or an interpolation")
    func pupilRedacted() throws {
        let pupil = try #require(PupilRef("ZX9471"))
        #expect(pupil.rawValue == "ZX9471")
        #expect(pupil.description == "<pupil>")
        #expect(!"\(pupil)".contains("ZX9471"))
        #expect(!String(describing: pupil).contains("ZX9471"))
    }

    // MARK: TradeCode and Level

    @Test(
        "trade codes",
        arguments: [("G1602", true), ("I1604", true), ("g1602", false), ("G160", false), ("GG602", false)]
    )
    func tradeCodes(input: String, valid: Bool) {
        #expect((TradeCode(input) != nil) == valid)
    }

    @Test("a set of levels survives its stored bit mask")
    func levelMask() {
        for subset in 0..<64 {
            let levels = Level.allCases.enumerated().filter { subset & (1 << $0.offset) != 0 }.map(\.element)
            #expect(Level.set(fromMask: Level.mask(of: levels)) == levels)
        }
    }

    // MARK: ISOWeek

    @Test("2026 has 53 ISO weeks, 2027 has 52")
    func weeksInYear() {
        #expect(ISOWeek.weeks(in: 2026) == 53)
        #expect(ISOWeek.weeks(in: 2027) == 52)
        #expect(ISOWeek(year: 2026, week: 53) != nil)
        #expect(ISOWeek(year: 2027, week: 53) == nil)
        #expect(ISOWeek(year: 2027, week: 52) != nil)
        #expect(ISOWeek(year: 2027, week: 0) == nil)
        #expect(ISOWeek(year: 1999, week: 10) == nil)
    }

    @Test("the week count agrees with the ISO calendar for every year from 2000 to 2100")
    func weeksAgreeWithCalendar() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        for year in 2000...2100 {
            // 28 December always falls in the last ISO week of its year.
            let date = calendar.date(from: DateComponents(year: year, month: 12, day: 28, hour: 12))!
            #expect(ISOWeek.weeks(in: year) == calendar.component(.weekOfYear, from: date), "year \(year)")
        }
    }

    @Test("1 January 2027 at noon in Paris is in week 53 of 2026")
    func weekContaining() {
        #expect(ISOWeek(containing: parisDate(2027, 1, 1, hour: 12)) == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek(containing: parisDate(2027, 1, 4, hour: 12)) == ISOWeek(year: 2027, week: 1))
        #expect(ISOWeek(containing: parisDate(2026, 3, 4, hour: 10)) == ISOWeek(year: 2026, week: 10))
    }

    @Test("weeks start on Monday at midnight in Paris, not in UTC")
    func weekBoundaryInParis() {
        // Monday 5 January 2026, 00:30 in Paris is still Sunday 23:30 in UTC.
        #expect(ISOWeek(containing: parisDate(2026, 1, 4, hour: 23, minute: 30)) == ISOWeek(year: 2026, week: 1))
        #expect(ISOWeek(containing: parisDate(2026, 1, 5, hour: 0, minute: 30)) == ISOWeek(year: 2026, week: 2))
    }

    @Test(
        "next crosses a year end",
        arguments: [(2026, 52, 2026, 53), (2026, 53, 2027, 1), (2027, 52, 2028, 1), (2027, 4, 2027, 5)]
    )
    func next(year: Int, week: Int, nextYear: Int, nextWeek: Int) throws {
        let current = try #require(ISOWeek(year: year, week: week))
        #expect(current.next == ISOWeek(year: nextYear, week: nextWeek))
        #expect(current < current.next)
    }

    @Test("weeks print as YYYY-Www and sort by year then week")
    func weekDescription() throws {
        #expect(try #require(ISOWeek(year: 2027, week: 5)).description == "2027-W05")
        #expect(try #require(ISOWeek(year: 2026, week: 53)).description == "2026-W53")
        #expect(try #require(ISOWeek(year: 2026, week: 53)) < #require(ISOWeek(year: 2027, week: 1)))
        #expect(try #require(ISOWeek(year: 2027, week: 9)) < #require(ISOWeek(year: 2027, week: 10)))
    }

    // MARK: GeoPoint

    @Test("Paris to Lyon is about 392 km")
    func parisLyon() throws {
        let paris = try #require(GeoPoint(latitude: 48.8566, longitude: 2.3522))
        let lyon = try #require(GeoPoint(latitude: 45.7640, longitude: 4.8357))
        #expect(abs(paris.distanceKm(to: lyon) - 392) <= 2)
        #expect(abs(paris.distanceKm(to: lyon) - lyon.distanceKm(to: paris)) < 1e-9)
        #expect(paris.distanceKm(to: paris) == 0)
    }

    @Test(
        "out of range or non-finite coordinates are rejected",
        arguments: [
            (91.0, 0.0), (-90.5, 0.0), (0.0, 180.5), (0.0, -181.0), (Double.nan, 0.0), (0.0, Double.infinity),
        ]
    )
    func invalidPoints(latitude: Double, longitude: Double) {
        #expect(GeoPoint(latitude: latitude, longitude: longitude) == nil)
    }

    @Test("the range limits themselves are valid")
    func limitPoints() {
        #expect(GeoPoint(latitude: 90, longitude: 180) != nil)
        #expect(GeoPoint(latitude: -90, longitude: -180) != nil)
    }
}
