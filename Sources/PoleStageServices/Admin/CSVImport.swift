import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension Polestage_Admin_V1_ImportReport {
    /// The audit log's outcome of an import: `REFUSED` when it wrote nothing and refused lines, `PARTIAL` when it
    /// wrote some lines and refused others, `OK` otherwise.
    var auditOutcome: String {
        guard !self.rejected.isEmpty else { return "OK" }
        return self.committed ? "PARTIAL" : "REFUSED"
    }
}

/// The part of a CSV import that schools and companies share: read the file, check each line, report the rejected
/// ones, write the accepted ones in one transaction (or none, all-or-nothing).
struct CSVImport<Row> {
    /// The header's columns, in order.
    var columns: [String]
    /// Columns a file may add after them, in order.
    var optionalColumns: [String] = []
    /// The column that identifies a row, and the row's identifier: a second line with the same one is rejected.
    var keyColumn: String
    var key: (Row) -> String
    /// Reads and checks one line; what it throws is the line's reason.
    var parse: (CSVTable.Record) throws -> Row

    /// The most lines an import may hold.
    static var maxLines: Int { 100_000 }

    /// - Parameter write: Writes the accepted rows in one transaction.
    /// - Throws: ``InvalidField`` naming `csv` for a missing header, an unclosed quote or too many lines.
    func run(
        _ request: Polestage_Admin_V1_ImportRequest,
        write: ([Row]) async throws -> ImportOutcome
    ) async throws -> Polestage_Admin_V1_ImportReport {
        let table = try CSVTable(parsing: request.csv, field: "csv")
        let body = try table.body(expecting: self.columns, optional: self.optionalColumns, field: "csv")
        guard body.count <= Self.maxLines else { throw InvalidField("csv", "au plus \(Self.maxLines) lignes") }
        var report = Polestage_Admin_V1_ImportReport()
        report.lines = Int64(body.count)
        var accepted: [Row] = []
        var seen: [String: Int] = [:]
        for record in body {
            do {
                let row = try self.parse(record)
                let key = self.key(row)
                if let line = seen[key] {
                    throw InvalidField(self.keyColumn, "\(key) figure déjà à la ligne \(line)")
                }
                seen[key] = record.line
                accepted.append(row)
            } catch {
                let reasons = (error as? InvalidFields)?.fields.map(\.description) ?? ["\(error)"]
                report.rejected.append(
                    .with {
                        $0.line = Int64(record.line)
                        $0.reasons = reasons
                        $0.reason = reasons.joined(separator: "; ")
                    }
                )
            }
        }
        if request.allOrNothing, !report.rejected.isEmpty { return report }
        let outcome = try await write(accepted)
        report.imported = Int64(outcome.created + outcome.updated)
        report.created = Int64(outcome.created)
        report.updated = Int64(outcome.updated)
        report.committed = outcome.committed
        return report
    }
}
