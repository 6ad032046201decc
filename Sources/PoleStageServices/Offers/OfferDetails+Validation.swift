import PoleStageProto
import PoleStageStore

extension OfferDetails {
    static let maxPeriods = 104
    static let maxSeatsPerWeek = 100

    /// Checks every field of the request's details; the first broken rule names its field.
    init(validating details: ProtoOfferDetails, hasDetails: Bool, field: String = "details") throws(InvalidField) {
        guard hasDetails else { throw InvalidField(field, "est requis") }
        let trade = try TradeCode(validating: details.tradeCode, field: "\(field).trade_code")
        let title = try Text.required(details.title, field: "\(field).title", max: 120)
        let description = try Text.optional(
            details.description_p,
            field: "\(field).description",
            max: 4000,
            multiline: true
        )
        guard !details.levels.isEmpty else { throw InvalidField("\(field).levels", "au moins un niveau est requis") }
        var levels = Set<Level>()
        for (index, level) in details.levels.enumerated() {
            levels.insert(try Level(validating: level, field: "\(field).levels[\(index)]"))
        }
        guard !details.periods.isEmpty else {
            throw InvalidField("\(field).periods", "au moins une période est requise")
        }
        guard details.periods.count <= Self.maxPeriods else {
            throw InvalidField("\(field).periods", "au plus \(Self.maxPeriods) périodes")
        }
        var seats: [ISOWeek: Int] = [:]
        for (index, period) in details.periods.enumerated() {
            let path = "\(field).periods[\(index)]"
            let week = try ISOWeek(validating: period.week, field: "\(path).week")
            guard period.seats >= 1, period.seats <= Self.maxSeatsPerWeek else {
                throw InvalidField("\(path).seats", "doit être entre 1 et \(Self.maxSeatsPerWeek)")
            }
            guard seats.updateValue(Int(period.seats), forKey: week) == nil else {
                throw InvalidField("\(path).week", "la semaine \(week) figure deux fois")
            }
        }
        guard details.hasAddress else { throw InvalidField("\(field).address", "est requis") }
        let address = try PostalAddress(validating: details.address, field: "\(field).address")
        guard details.hasLocation else { throw InvalidField("\(field).location", "est requis") }
        let location = try GeoPoint(validating: details.location, field: "\(field).location")
        let transit = try Text.optional(
            details.transitAccess,
            field: "\(field).transit_access",
            max: 500,
            multiline: true
        )
        let transitStop =
            details.hasTransit ? try TransitStop(validating: details.transit, field: "\(field).transit") : nil
        let reserved =
            details.reservedForSchool.isEmpty
            ? nil : try UAI(validating: details.reservedForSchool, field: "\(field).reserved_for_school")
        self.init(
            trade: trade,
            title: title,
            description: description,
            levels: levels,
            seats: seats,
            address: address,
            location: location,
            accessible: details.accessible,
            accessibility: details.hasAccessibility ? Set(accessibility: details.accessibility) : nil,
            transitAccess: transit,
            transit: transitStop,
            lunchProvided: details.lunchProvided,
            lodgingProvided: details.lodgingProvided,
            reservedForSchool: reserved
        )
    }
}

extension TransitStop {
    /// A stop's name, its lines and the walk from it, each within its bounds.
    init(validating stop: Polestage_Offers_V1_TransitStop, field: String) throws(InvalidField) {
        let name = try Text.required(stop.stop, field: "\(field).stop", max: 80)
        guard !stop.lines.isEmpty, stop.lines.count <= Self.maxLines else {
            throw InvalidField("\(field).lines", "1 à \(Self.maxLines) lignes desservent un arrêt")
        }
        var lines: [String] = []
        for (index, line) in stop.lines.enumerated() {
            let text = try Text.required(line, field: "\(field).lines[\(index)]", max: Self.maxLineLength)
            guard !text.contains("|") else {
                throw InvalidField("\(field).lines[\(index)]", "ne doit pas contenir « | »")
            }
            lines.append(text)
        }
        guard Self.walkMinutesRange.contains(Int(stop.walkMinutes)) else {
            throw InvalidField("\(field).walk_minutes", "doit être de 0 à 60")
        }
        self.init(stop: name, lines: lines, walkMinutes: Int(stop.walkMinutes))
    }
}
