import Foundation

/// A plain-text table: a header line, then rows, columns padded to their widest cell.
struct Table {
    var columns: [String]
    var rows: [[String]] = []

    init(_ columns: String...) {
        self.columns = columns
    }

    mutating func add(_ cells: String...) {
        self.rows.append(cells)
    }

    var rendered: String {
        let all = [self.columns] + self.rows
        var widths = Array(repeating: 0, count: self.columns.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
