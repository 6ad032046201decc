import Foundation

/// The `POLESTAGE_<TABLE>_<KEY>` environment variables, read and checked against ``Setting/all``.
///
/// A variable under one of the file's tables that names no setting (`POLESTAGE_SERVER_PROT`) stops the start; other
/// `POLESTAGE_` variables (`POLESTAGE_TEST_LOG_LEVEL`) belong to someone else and are left alone. An empty variable
/// counts as unset, as container runtimes pass unset ones empty.
enum EnvironmentSettings {
    /// The settings `environment` sets, with the variable each came from.
    ///
    /// - Throws: ``ConfigurationError`` naming the variable at fault.
    static func read(
        _ environment: [String: String]
    ) throws(ConfigurationError) -> [Setting: (value: SettingValue, source: SettingSource)] {
        let byVariable = Dictionary(uniqueKeysWithValues: Setting.all.map { ($0.environmentVariable, $0) })
        let prefixes = Setting.tables.map { "POLESTAGE_\($0.uppercased())_" }
        var values: [Setting: (value: SettingValue, source: SettingSource)] = [:]
        for (variable, text) in environment.sorted(by: { $0.key < $1.key }) where !text.isEmpty {
            if let setting = byVariable[variable] {
                values[setting] = (
                    try Self.value(of: text, for: setting, variable: variable), .environment(variable: variable)
                )
            } else if prefixes.contains(where: variable.hasPrefix) {
                throw .unknownVariable(variable, suggestion: ClosestName.to(variable, among: byVariable.keys.sorted()))
            }
        }
        let legacy = Setting.legacySigningKeysVariable
        if values[.signingKeys] == nil, let text = environment[legacy], !text.isEmpty {
            values[.signingKeys] = (
                try Self.value(of: text, for: .signingKeys, variable: legacy), .environment(variable: legacy)
            )
        }
        return values
    }

    /// The setting's value from the variable's text: integers in decimal, booleans `true` or `false`, lists
    /// comma-separated.
    private static func value(
        of text: String,
        for setting: Setting,
        variable: String
    ) throws(ConfigurationError) -> SettingValue {
        switch setting.type {
        case .integer:
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw .invalidValue(.environment(variable: variable), "'\(text)' is not an integer")
            }
            return .integer(number)
        case .boolean:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default: throw .invalidValue(.environment(variable: variable), "'\(text)' is not a boolean (true or false)")
            }
        case .text, .choice, .urlPath, .filePath:
            return .string(text)
        case .list:
            return .strings(
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            )
        }
    }
}
