import Foundation

/// The value of one setting, whichever layer it came from.
enum SettingValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case boolean(Bool)
    case string(String)
    case strings([String])

    /// How messages name its type.
    var kind: String {
        switch self {
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .string: "a string"
        case .strings: "an array of strings"
        }
    }

    /// The TOML literal: `8080`, `true`, `"127.0.0.1"`, `["a", "b"]`. The documentation's Default column uses it.
    var description: String {
        switch self {
        case .integer(let number): "\(number)"
        case .boolean(let flag): "\(flag)"
        case .string(let text): Self.quoted(text)
        case .strings(let texts): "[" + texts.map(Self.quoted).joined(separator: ", ") + "]"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
