/// The settings of one run: the built-in defaults, overridden by the configuration file, then by the environment, then
/// by the command line.
///
/// Every value is checked (type and bounds) as its layer is read, whether a later layer overrides it or not: a wrong
/// value anywhere stops the start, with the file, variable or flag that holds it.
struct LayeredSettings {
    private var entries: [Setting: (value: SettingValue, source: SettingSource)] = [:]

    /// Reads the layers in order of precedence, lowest first.
    ///
    /// - Parameters:
    ///   - file: The configuration file, if one was given.
    ///   - environment: The process's environment.
    ///   - flags: The values given on the command line.
    /// - Throws: ``ConfigurationError`` for the first value at fault.
    init(
        file: ConfigurationFile?,
        environment: [String: String],
        flags: [Setting: SettingValue]
    ) throws(ConfigurationError) {
        for setting in Setting.all {
            if let value = setting.defaultValue { try self.set(setting, value, from: .builtIn(setting)) }
        }
        if let file {
            for (setting, value) in file.values.sorted(by: { $0.key.description < $1.key.description }) {
                try self.set(setting, value, from: .file(path: file.path, setting: setting))
            }
        }
        for (setting, entry) in try EnvironmentSettings.read(environment) {
            try self.set(setting, entry.value, from: entry.source)
        }
        for setting in Setting.all {
            if let value = flags[setting] { try self.set(setting, value, from: .flag(setting.flagName)) }
        }
    }

    private mutating func set(
        _ setting: Setting,
        _ value: SettingValue,
        from source: SettingSource
    ) throws(ConfigurationError) {
        if let problem = setting.type.problem(with: value) { throw .invalidValue(source, problem) }
        self.entries[setting] = (value, source)
    }

    /// The setting's value, `nil` when no layer sets it and it has no default.
    subscript(setting: Setting) -> SettingValue? { self.entries[setting]?.value }

    /// Where the setting's value came from.
    func source(of setting: Setting) -> SettingSource? { self.entries[setting]?.source }

    /// The value of a string setting and where it came from, `nil` when unset.
    func stringEntry(_ setting: Setting) -> (value: String, source: SettingSource)? {
        guard let (value, source) = self.entries[setting], case .string(let text) = value else { return nil }
        return (text, source)
    }

    /// The value of an integer setting (every one has a default).
    func integer(_ setting: Setting) -> Int {
        guard case .integer(let number)? = self[setting] else { Self.missing(setting) }
        return number
    }

    /// The value of a boolean setting (every one has a default).
    func boolean(_ setting: Setting) -> Bool {
        guard case .boolean(let flag)? = self[setting] else { Self.missing(setting) }
        return flag
    }

    /// The value of a string setting that has a default.
    func text(_ setting: Setting) -> String {
        guard case .string(let text)? = self[setting] else { Self.missing(setting) }
        return text
    }

    /// The value of a string setting, `nil` when unset.
    func string(_ setting: Setting) -> String? {
        guard case .string(let text)? = self[setting] else { return nil }
        return text
    }

    /// The value of a list setting (every one has a default, `[]`).
    func strings(_ setting: Setting) -> [String] {
        guard case .strings(let texts)? = self[setting] else { Self.missing(setting) }
        return texts
    }

    /// Values are checked against their type as they are set, and these settings have a default of their type.
    private static func missing(_ setting: Setting) -> Never {
        preconditionFailure("\(setting) has no value of its type: its default in Setting.all is missing")
    }
}
