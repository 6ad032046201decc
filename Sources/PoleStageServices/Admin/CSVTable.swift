import Foundation

/// A CSV file read into lines of fields (RFC 4180: `"` quotes, `""` for a quote inside quotes), separated by `,` or, as
/// French spreadsheets write them, by `;`: the first line decides (`;` when it has one and no `,`). A byte order mark
/// at the start is skipped.
///
/// Each record keeps the number of the line it starts on, for import reports. Blank lines are skipped.
///
/// Written here rather than taken from the CSV packages on the mirror: yaslab/CSV.swift 2.5.2 and swiftcsv/SwiftCSV
/// 0.10.0 both read quoted fields, embedded line breaks and `;`, but neither says on which line a record starts (a
/// quoted field may span lines, so it cannot be counted back), CSV.swift takes an unclosed quote silently, and SwiftCSV
/// reports it without a position. The import reports name lines, so the reader must know them.
struct CSVTable: Sendable {
    struct Record: Sendable {
        /// 1-based line number in the file.
        var line: Int
        var fields: [String]
    }

    var records: [Record]

    /// - Throws: ``InvalidField`` naming `field` when a quoted field never ends.
    init(parsing text: String, field: String) throws(InvalidField) {
        var records: [Record] = []
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        let text = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Character = firstLine.contains(";") && !firstLine.contains(",") ? ";" : ","
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        func endRecord() {
            fields.append(current)
            current = ""
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while let character = next() {
            if inQuotes {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            current.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"" where current.isEmpty:
                inQuotes = true
            case separator:
                fields.append(current)
                current = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                current.append(character)
            }
        }
        if inQuotes { throw InvalidField(field, "ligne \(recordLine) : un champ entre guillemets n'est pas fermé") }
        if !current.isEmpty || !fields.isEmpty { endRecord() }
        self.records = records
    }

    /// Splits off the header, which must name `columns` in order (case and surrounding spaces ignored).
    ///
    /// - Throws: ``InvalidField`` naming `field` when the header is missing or differs.
    /// The records after the header, which must be `columns`, then any of `optional` in order.
    func body(expecting columns: [String], optional: [String] = [], field: String) throws(InvalidField)
        -> ArraySlice<Record>
    {
        let expected =
            columns.joined(separator: ",")
            + (optional.isEmpty ? "" : " (then, optional: \(optional.joined(separator: ",")))")
        let all = (columns + optional).map { $0.lowercased() }
        guard let header = self.records.first,
            case let names = header.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            names.count >= columns.count, names == Array(all.prefix(names.count))
        else { throw InvalidField(field, "la ligne 1 doit être l'en-tête \(expected)") }
        return self.records.dropFirst()
    }
}

/// Reading CSV cells.
enum CSVCell {
    /// `1`, `true`, `oui`, `yes`, `x` are true; `0`, `false`, `non`, `no` and an empty cell false.
    static func bool(_ text: String, column: String) throws(InvalidField) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "oui", "yes", "x": return true
        case "0", "false", "non", "no", "": return false
        default: throw InvalidField(column, "« \(text.prefix(16)) » n'est ni oui ni non (1/0, true/false, oui/non)")
        }
    }

    /// A decimal number, with a `.` or a `,` (quoted) as the decimal separator.
    static func double(_ text: String, column: String) throws(InvalidField) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let value = Double(trimmed), value.isFinite else {
            throw InvalidField(column, "« \(text.prefix(16)) » n'est pas un nombre")
        }
        return value
    }
}
