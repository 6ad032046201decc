/// Why `polestage` refuses its configuration. Every message names the file, variable or flag at fault.
enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The configuration file cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The file is not valid TOML.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// A table the file may not have.
    case unknownTable(path: String, table: String, suggestion: String?)
    /// A key outside any table.
    case keyOutsideTable(path: String, key: String)
    /// A key its table does not have.
    case unknownKey(path: String, table: String, key: String, suggestion: String?)
    /// A `POLESTAGE_<TABLE>_…` variable that names no setting.
    case unknownVariable(String, suggestion: String?)
    /// A value of the wrong type or out of bounds.
    case invalidValue(SettingSource, String)
    /// Two settings that go together, one of them missing.
    case incomplete(present: SettingSource, missing: Setting)

    var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "\(path): cannot read the configuration file: \(reason)"
        case .syntax(let path, let line, let column, let message):
            "\(path):\(line):\(column): not valid TOML: \(message)"
        case .unknownTable(let path, let table, let suggestion):
            "\(path): [\(table)]: unknown table" + Self.didYouMean(suggestion.map { "[\($0)]" })
                + " (tables: \(Setting.tables.map { "[\($0)]" }.joined(separator: ", ")))"
        case .keyOutsideTable(let path, let key):
            "\(path): \(key): settings go in tables (\(Setting.tables.map { "[\($0)]" }.joined(separator: ", ")))"
        case .unknownKey(let path, let table, let key, let suggestion):
            "\(path): [\(table)] \(key): unknown key" + Self.didYouMean(suggestion.map { "'\($0)'" })
        case .unknownVariable(let variable, let suggestion):
            "\(variable): unknown setting" + Self.didYouMean(suggestion)
        case .invalidValue(let source, let problem):
            "\(source): \(problem)"
        case .incomplete(let present, let missing):
            "\(present) is set but \(missing) is not: set both (\(missing.flagName), \(missing.environmentVariable))"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean \($0)?)" } ?? ""
    }
}
