import Foundation
import GRDB
import PostgresNIO

/// One cell as both backends can hold it, for copying and for comparing a copy with its source: SQLite's storage
/// classes, with PostgreSQL's booleans as SQLite keeps them (0 or 1).
enum CopiedValue: Hashable, Sendable, Comparable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// A cell read from a SQLite file.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        }
    }

    /// A cell read from PostgreSQL, by its column's type.
    init(_ cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .int2, .int4, .int8: self = .integer(try cell.decode(Int64.self))
        case .float4, .float8: self = .real(try cell.decode(Double.self))
        case .bytea: self = .blob(Data(try cell.decode(ByteBuffer.self).readableBytesView))
        default: self = .text(try cell.decode(String.self))
        }
    }

    /// Binds the value for a column of PostgreSQL type `type` (as `information_schema` names it).
    func bind(to bindings: inout PostgresBindings, as type: String) throws {
        switch (self, type) {
        case (.null, _): bindings.appendNull()
        case (.integer(let integer), "boolean"): bindings.append(integer != 0)
        case (.integer(let integer), "bigint"), (.integer(let integer), "integer"), (.integer(let integer), "smallint"):
            bindings.append(integer)
        case (.integer(let integer), "double precision"): bindings.append(Double(integer))
        case (.real(let real), "double precision"): bindings.append(real)
        case (.text(let text), "text"): bindings.append(text)
        case (.blob(let data), "bytea"): bindings.append(ByteBuffer(bytes: data))
        case (.text(let text), "bytea"): bindings.append(ByteBuffer(bytes: Array(text.utf8)))
        default: throw StoreCopyError.unexpectedValue(self.kind, column: type)
        }
    }

    /// What the value is, for a message.
    var kind: String {
        switch self {
        case .null: "null"
        case .integer: "an integer"
        case .real: "a real"
        case .text: "a text"
        case .blob: "a blob"
        }
    }

    /// An order for comparing a copy's rows with its source's, whatever either database's own order.
    static func < (lhs: CopiedValue, rhs: CopiedValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a < b
        case (.real(let a), .real(let b)): a < b
        case (.text(let a), .text(let b)): Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        case (.blob(let a), .blob(let b)): a.lexicographicallyPrecedes(b)
        default: lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .integer: 1
        case .real: 2
        case .text: 3
        case .blob: 4
        }
    }
}
