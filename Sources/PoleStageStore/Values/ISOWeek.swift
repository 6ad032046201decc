public import Foundation
import Synchronization

/// An ISO 8601 week, stored as `year * 100 + week` so that weeks sort and compare as integers.
public struct ISOWeek: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    /// Validates the week against the year's length: 52 weeks, or 53 in a long ISO year.
    public init?(year: Int, week: Int) {
        guard (2000...2100).contains(year), week >= 1, week <= Self.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    package init?(storage: Int) {
        self.init(year: storage / 100, week: storage % 100)
    }

    package var storage: Int { self.year * 100 + self.week }

    /// The ISO week that holds a date.
    public init(containing date: Date) {
        // Weeks start at midnight in Paris, always a whole UTC hour (so are its clock changes): every instant of one UTC
        // hour is in the same week. Calendar's computation is what every live event of every subscriber would pay.
        let hour = Int64((date.timeIntervalSince1970 / 3600).rounded(.down))
        if let cached = Self.lastHour.withLock({ $0 }), cached.hour == hour {
            self = cached.week
            return
        }
        let components = Self.calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        self.year = components.yearForWeekOfYear ?? 2000
        self.week = components.weekOfYear ?? 1
        let week = self
        Self.lastHour.withLock { $0 = (hour, week) }
    }

    /// The week of the UTC hour asked last.
    private static let lastHour = Mutex<(hour: Int64, week: ISOWeek)?>(nil)

    /// Midnight in Paris `days` calendar days before its Monday (whatever the clock changes between), in Unix
    /// milliseconds.
    public func startMilliseconds(minusDays days: Int = 0) -> Int64 {
        let components = DateComponents(weekday: 2, weekOfYear: self.week, yearForWeekOfYear: self.year)
        let monday = Self.calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        let date = Self.calendar.date(byAdding: .day, value: -days, to: monday) ?? monday
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The week after this one.
    public var next: ISOWeek {
        if self.week < Self.weeks(in: self.year) { return ISOWeek(uncheckedYear: self.year, week: self.week + 1) }
        return ISOWeek(uncheckedYear: self.year + 1, week: 1)
    }

    private init(uncheckedYear: Int, week: Int) {
        self.year = uncheckedYear
        self.week = week
    }

    /// 52 or 53: a year has 53 ISO weeks when 1 January is a Thursday, or a Wednesday in a leap year.
    public static func weeks(in year: Int) -> Int {
        func p(_ y: Int) -> Int { (y + y / 4 - y / 100 + y / 400) % 7 }
        return p(year) == 4 || p(year - 1) == 3 ? 53 : 52
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return calendar
    }()

    public var description: String {
        let padded = self.week < 10 ? "0\(self.week)" : "\(self.week)"
        return "\(self.year)-W\(padded)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.storage < rhs.storage }
}
