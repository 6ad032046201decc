/// The name of a PostgreSQL schema of the server: `academy`, or `basin_` and the basin's id with its dashes made
/// underscores (`basin_chalon_tournus_louhans`). A basin id holds no underscore, so two basins never share a schema.
///
/// Names are checked when made, so that they can be written into statements, where an identifier cannot be bound.
package struct SchemaName: Sendable, Hashable, CustomStringConvertible {
    package let rawValue: String

    /// A lowercase letter, then up to 62 lowercase letters, digits or underscores; nil otherwise.
    package init?(_ rawValue: String) {
        guard let first = rawValue.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            rawValue.utf8.count <= 63,
            rawValue.utf8.allSatisfy({
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "_")
            })
        else { return nil }
        self.rawValue = rawValue
    }

    /// The académie's schema.
    package static let academy = SchemaName("academy")!

    /// The schema of the basin with this id (2 to 48 of a-z, 0-9 and '-'); nil for an id that is not one.
    package static func basin(_ id: String) -> SchemaName? {
        guard (2...48).contains(id.utf8.count), !id.contains("_") else { return nil }
        return SchemaName("basin_" + String(id.map { $0 == "-" ? "_" : $0 }))
    }

    /// The name as an SQL identifier.
    var quoted: String { "\"\(self.rawValue)\"" }

    package var description: String { self.rawValue }
}
