/// One setting of `polestage serve`: its place in the configuration file, its environment variable, its flag, its type
/// and its default.
///
/// Every layer names a setting the same way: `[table] key` in the file, `POLESTAGE_<TABLE>_<KEY>` in the environment,
/// `--flag` on the command line. ``all`` lists them; `docs/configuration.md` documents them (a test keeps the two
/// equal).
struct Setting: Sendable, Hashable, CustomStringConvertible {
    /// The file's table: `server`, `grpc`, `websocket`, `storage`, `auth`, `log`, `tls`.
    let table: String
    /// The key in its table.
    let key: String
    /// The command-line flag, without its dashes.
    let flag: String
    let type: SettingType
    /// The built-in value; `nil` when the setting is unset by default.
    let defaultValue: SettingValue?
    /// One line for `--help`.
    let help: String

    /// `[table] key`, as messages and the documentation name it.
    var description: String { "[\(self.table)] \(self.key)" }

    /// `POLESTAGE_<TABLE>_<KEY>`.
    var environmentVariable: String { "POLESTAGE_\(self.table.uppercased())_\(self.key.uppercased())" }

    /// `--flag`.
    var flagName: String { "--\(self.flag)" }

    static func == (lhs: Setting, rhs: Setting) -> Bool { lhs.table == rhs.table && lhs.key == rhs.key }
    func hash(into hasher: inout Hasher) {
        hasher.combine(self.table)
        hasher.combine(self.key)
    }
}

/// What a setting's value may be.
enum SettingType: Sendable {
    /// An integer within bounds.
    case integer(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// Any string.
    case text
    /// One of a few words.
    case choice([String])
    /// A URL path: starts with `/`.
    case urlPath
    /// A file or folder; relative paths in a file are relative to the file's folder.
    case filePath
    /// A list of strings (a TOML array; comma-separated in the environment; a repeated flag).
    case list

    /// How messages name the TOML type a setting expects.
    var expected: String {
        switch self {
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .text, .choice, .urlPath, .filePath: "a string"
        case .list: "an array of strings"
        }
    }

    /// Why `value` is not acceptable, or `nil` when it is. `value` is already of the right kind.
    func problem(with value: SettingValue) -> String? {
        switch (self, value) {
        case (.integer(let range), .integer(let number)):
            range.contains(number) ? nil : "\(number) is not between \(range.lowerBound) and \(range.upperBound)"
        case (.choice(let words), .string(let word)):
            words.contains(word) ? nil : "'\(word)' is not one of \(words.joined(separator: ", "))"
        case (.urlPath, .string(let path)):
            path.hasPrefix("/") ? nil : "'\(path)' does not start with '/'"
        case (.filePath, .string(let path)):
            path.isEmpty ? "the path is empty" : nil
        case (.boolean, .boolean), (.text, .string), (.list, .strings):
            nil
        default:
            "expected \(self.expected), found \(value.kind)"
        }
    }
}
