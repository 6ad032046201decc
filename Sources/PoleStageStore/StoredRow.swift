import GRDB

/// One row of a table, read column by column into a record: a value that breaks its column's rule is a
/// ``StoreError/corrupt(_:)`` naming the table, the row and the column, never a row skipped or a crash.
///
/// The message names the row by its key (an identifier: a UAI, a SIRET, an id) and never quotes the value that failed,
/// which may be personal data.
struct StoredRow {
    let row: Row
    let table: String
    /// The key column, read as text for messages only.
    private let keyColumn: String

    init(_ row: Row, table: String, key: String) {
        self.row = row
        self.table = table
        self.keyColumn = key
    }

    /// The value of `column` as stored; NULL, or a value of another type, is corrupt.
    func decode<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try self.row.decode(Value.self, forColumn: column)
        } catch {
            throw self.corrupt(column)
        }
    }

    /// The value of `column` read by `parse`; NULL, or a value `parse` refuses, is corrupt.
    func decode<Stored: DatabaseValueConvertible, Value>(_ column: String, as parse: (Stored) -> Value?) throws -> Value
    {
        guard let value = parse(try self.decode(column, as: Stored.self)) else { throw self.corrupt(column) }
        return value
    }

    /// The value of a nullable column read by `parse`: NULL is `nil`; any other value must pass `parse`.
    func decodeIfPresent<Stored: DatabaseValueConvertible, Value>(
        _ column: String,
        as parse: (Stored) -> Value?
    ) throws -> Value? {
        guard let stored = try self.decode(column, as: Stored?.self) else { return nil }
        guard let value = parse(stored) else { throw self.corrupt(column) }
        return value
    }

    /// The value at `index` as stored, for rows read by position; NULL, or a value of another type, is corrupt.
    func decode<Value: DatabaseValueConvertible>(at index: Int, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try self.row.decode(Value.self, atIndex: index)
        } catch {
            throw self.corrupt(at: index)
        }
    }

    /// The value at `index` read by `parse`; NULL, or a value `parse` refuses, is corrupt.
    func decode<Stored: DatabaseValueConvertible, Value>(at index: Int, as parse: (Stored) -> Value?) throws -> Value {
        guard let value = parse(try self.decode(at: index, as: Stored.self)) else { throw self.corrupt(at: index) }
        return value
    }

    /// The value of a nullable column at `index` read by `parse`: NULL is `nil`; any other value must pass `parse`.
    func decodeIfPresent<Stored: DatabaseValueConvertible, Value>(
        at index: Int,
        as parse: (Stored) -> Value?
    ) throws -> Value? {
        guard let stored = try self.decode(at: index, as: Stored?.self) else { return nil }
        guard let value = parse(stored) else { throw self.corrupt(at: index) }
        return value
    }

    /// A position from its two columns: a latitude or a longitude out of range is corrupt.
    func decodeLocation(latitude: String = "latitude", longitude: String = "longitude") throws -> GeoPoint {
        let (lat, lon): (Double, Double) = (try self.decode(latitude), try self.decode(longitude))
        guard GeoPoint(latitude: lat, longitude: 0) != nil else { throw self.corrupt(latitude) }
        guard let point = GeoPoint(latitude: lat, longitude: lon) else { throw self.corrupt(longitude) }
        return point
    }

    /// A position from the columns at two indexes, for rows read by position.
    func decodeLocation(latitude: Int, longitude: Int) throws -> GeoPoint {
        let (lat, lon): (Double, Double) = (try self.decode(at: latitude), try self.decode(at: longitude))
        guard GeoPoint(latitude: lat, longitude: 0) != nil else { throw self.corrupt(at: latitude) }
        guard let point = GeoPoint(latitude: lat, longitude: lon) else { throw self.corrupt(at: longitude) }
        return point
    }

    /// The error for an unreadable `column`: `school 0710045A: column kind cannot be read`.
    func corrupt(_ column: String) -> StoreError {
        let key = self.row.hasColumn(self.keyColumn) ? Self.text(self.row[self.keyColumn]) : nil
        return .corrupt(
            "\(self.table) \(key ?? "row with an unreadable \(self.keyColumn)"): column \(column) cannot be read"
        )
    }

    private func corrupt(at index: Int) -> StoreError {
        self.corrupt(self.columnName(index))
    }

    private func columnName(_ index: Int) -> String {
        let names = Array(self.row.columnNames)
        return names.indices.contains(index) ? names[index] : "#\(index)"
    }

    /// A key as text: its string or its integer.
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let string): string
        case .int64(let integer): String(integer)
        default: nil
        }
    }
}
