import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto
import SwiftProtobuf

/// Sends a CSV file to an import RPC, in chunks with progress on standard error when it is long.
///
/// An all-or-nothing import goes in one request (one transaction). Otherwise a file of more than ``chunkLines``
/// lines goes in chunks, each with the header, and the report's line numbers are translated back to the file's.
/// A file with quoted line breaks is never split.
struct CSVFileImport {
    static let chunkLines = 1000

    var path: String
    var allOrNothing: Bool

    func run(
        _ send: (Polestage_Admin_V1_ImportRequest) async throws -> Polestage_Admin_V1_ImportReport
    ) async throws -> Polestage_Admin_V1_ImportReport {
        let text: String
        do {
            text = try String(contentsOfFile: self.path, encoding: .utf8)
        } catch {
            throw ConsoleError(message: "impossible de lire \(self.path) : \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let dataLines = max(0, lines.count - 1)
        let splittable =
            !self.allOrNothing && dataLines > Self.chunkLines
            && lines.allSatisfy { $0.filter { $0 == "\"" }.count % 2 == 0 }
        guard splittable, let header = lines.first else {
            Console.error("import de \(dataLines) lignes de \(self.path)…")
            return try await send(
                .with {
                    $0.csv = text
                    $0.allOrNothing = self.allOrNothing
                }
            )
        }
        var total = Polestage_Admin_V1_ImportReport()
        var start = 1
        while start < lines.count {
            let end = min(start + Self.chunkLines, lines.count)
            let chunk = ([header] + lines[start..<end]).joined(separator: "\n") + "\n"
            let report = try await send(.with { $0.csv = chunk })
            total.lines += report.lines
            total.imported += report.imported
            total.created += report.created
            total.updated += report.updated
            total.committed = total.committed || report.committed
            // Line 2 of a chunk is line start + 1 of the file.
            total.rejected += report.rejected.map { rejected in
                .with {
                    $0.line = rejected.line - 1 + Int64(start)
                    $0.reason = rejected.reason
                    $0.reasons = rejected.reasons
                }
            }
            Console.error(
                "avancement : \(end - 1)/\(dataLines) lignes, \(total.imported) importées, \(total.rejected.count) rejetées"
            )
            start = end
        }
        return total
    }

    static func table(_ report: Polestage_Admin_V1_ImportReport) -> Table {
        var table = Table("LIGNE", "REJETÉE PARCE QUE")
        for rejected in report.rejected {
            // One row per reason: a line gets every rule it breaks.
            let reasons = rejected.reasons.isEmpty ? [rejected.reason] : rejected.reasons
            for (index, reason) in reasons.enumerated() { table.add(index == 0 ? "\(rejected.line)" : "", reason) }
        }
        table.add(
            "",
            "\(report.lines) lignes, \(report.created) créées, \(report.updated) mises à jour, "
                + "\(report.rejected.count) rejetées" + (report.committed ? "" : ", rien n'est écrit")
        )
        return table
    }

    /// Shows the report, then fails with exit code 1 when a line was rejected, so that a script notices (the lines
    /// that were imported stay imported, unless the import was all-or-nothing).
    static func finish(_ report: Polestage_Admin_V1_ImportReport, on connection: ConnectionOptions) throws {
        try connection.show(report, table: Self.table)
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}
