import Foundation
import TOMLKit

/// A TOML configuration file, read and checked key by key against ``Setting/all``.
///
/// Keys live in tables (`[server] port = 8080`); an unknown table or key, a value of the wrong type or out of bounds,
/// each stops the start with a message that names the file and the key. Relative paths are relative to the file's
/// folder, so that a file and the certificates beside it can move together.
struct ConfigurationFile {
    /// The path as it was given: messages name the file this way.
    let path: String
    /// The values the file sets.
    let values: [Setting: SettingValue]

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, and the key at fault.
    init(path: String) throws(ConfigurationError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unreadableFile(path: path, reason: "no such file")
        }
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try self.init(path: path, contents: contents, relativeTo: folder)
    }

    /// Checks `contents` as the file at `path` would be; relative paths are resolved against `folder`.
    init(path: String, contents: String, relativeTo folder: URL) throws(ConfigurationError) {
        self.path = path
        let root: TOMLTable
        do {
            root = try TOMLTable(string: contents)
        } catch let error as TOMLParseError {
            throw .syntax(
                path: path,
                line: error.source.begin.line,
                column: error.source.begin.column,
                message: error.description
            )
        } catch {
            throw .syntax(path: path, line: 0, column: 0, message: "\(error)")
        }
        var values: [Setting: SettingValue] = [:]
        for (tableName, tableValue) in root {
            guard Setting.tables.contains(tableName) else {
                if tableValue.type != .table { throw .keyOutsideTable(path: path, key: tableName) }
                throw .unknownTable(
                    path: path,
                    table: tableName,
                    suggestion: ClosestName.to(tableName, among: Setting.tables)
                )
            }
            guard let table = tableValue.table else {
                throw .keyOutsideTable(path: path, key: tableName)
            }
            let settings = Setting.all.filter { $0.table == tableName }
            for (key, value) in table {
                guard let setting = settings.first(where: { $0.key == key }) else {
                    throw .unknownKey(
                        path: path,
                        table: tableName,
                        key: key,
                        suggestion: ClosestName.to(key, among: settings.map(\.key))
                    )
                }
                let source = SettingSource.file(path: path, setting: setting)
                var settingValue = try Self.value(of: value, for: setting, source: source)
                if case .filePath = setting.type, case .string(let relative) = settingValue, !relative.hasPrefix("/"),
                    !relative.isEmpty
                {
                    settingValue = .string(folder.appendingPathComponent(relative).standardizedFileURL.path)
                }
                values[setting] = settingValue
            }
        }
        self.values = values
    }

    /// The setting's value from a TOML value of the type it expects.
    private static func value(
        of value: any TOMLValueConvertible,
        for setting: Setting,
        source: SettingSource
    ) throws(ConfigurationError) -> SettingValue {
        switch setting.type {
        case .integer:
            if let number = value.int, value.type == .int { return .integer(number) }
        case .boolean:
            if let flag = value.bool, value.type == .bool { return .boolean(flag) }
        case .text, .choice, .urlPath, .filePath:
            if let text = value.string, value.type == .string { return .string(text) }
        case .list:
            if let array = value.array, value.type == .array {
                var texts: [String] = []
                for element in array {
                    guard element.type == .string, let text = element.string else {
                        throw .invalidValue(
                            source,
                            "expected an array of strings, found an array holding \(Self.name(of: element.type))"
                        )
                    }
                    texts.append(text)
                }
                return .strings(texts)
            }
        }
        throw .invalidValue(source, "expected \(setting.type.expected), found \(Self.name(of: value.type))")
    }

    /// How messages name a TOML type.
    private static func name(of type: TOMLType) -> String {
        switch type {
        case .table: "a table"
        case .array: "an array"
        case .string: "a string"
        case .int: "an integer"
        case .double: "a floating-point number"
        case .bool: "a boolean"
        case .date, .time, .dateTime: "a date or time"
        }
    }
}
