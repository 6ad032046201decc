public import Foundation

/// A French school year, from 1 September to 31 August: rosters, applications and their figures belong to one.
public struct SchoolYear: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The calendar year it starts in: 2026 for 2026-2027.
    public let startYear: Int

    public init?(startYear: Int) {
        guard (2000...2100).contains(startYear) else { return nil }
        self.startYear = startYear
    }

    /// Reads "2026-2027".
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), end == start + 1 else { return nil }
        self.init(startYear: start)
    }

    /// The school year in progress on a date, in Paris.
    public init(containing date: Date) {
        let components = ISOWeek.calendar.dateComponents([.year, .month], from: date)
        let year = components.year ?? 2000
        self.startYear = (components.month ?? 9) >= 9 ? year : year - 1
    }

    /// The school year of an ISO week: the one its Thursday falls in (the day that names an ISO week's year).
    public init(containing week: ISOWeek) {
        self.init(containing: week.thursday)
    }

    /// The instant the year ends: 1 September of its second calendar year, midnight in Paris.
    public var end: Date {
        ISOWeek.calendar.date(from: DateComponents(year: self.startYear + 1, month: 9, day: 1)) ?? .distantFuture
    }

    public var previous: SchoolYear { SchoolYear(uncheckedStartYear: self.startYear - 1) }

    private init(uncheckedStartYear: Int) {
        self.startYear = uncheckedStartYear
    }

    public var description: String { "\(self.startYear)-\(self.startYear + 1)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.startYear < rhs.startYear }
}

extension ISOWeek {
    /// Noon on the week's Thursday, in Paris.
    var thursday: Date {
        let components = DateComponents(hour: 12, weekday: 5, weekOfYear: self.week, yearForWeekOfYear: self.year)
        return Self.calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The weeks from `self` to `last`, both included; empty when `last` is earlier.
    public func through(_ last: ISOWeek) -> [ISOWeek] {
        var weeks: [ISOWeek] = []
        var week = self
        while week <= last {
            weeks.append(week)
            week = week.next
        }
        return weeks
    }
}
