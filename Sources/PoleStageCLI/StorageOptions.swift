import ArgumentParser
import Foundation

/// The configuration file, where the server keeps its data and the keys that sign its tokens: shared by `serve` and
/// `token`, so that `token` signs with the keys `serve` verifies.
struct StorageOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: "A TOML configuration file (docs/configuration.md). POLESTAGE_* variables and flags override it."
    )
    var configFile: String?

    @Option(name: .customLong(Setting.dataDirectory.flag), help: Setting.dataDirectory.argumentHelp)
    var data: String?

    @Option(name: .customLong(Setting.signingKeys.flag), help: Setting.signingKeys.argumentHelp)
    var signingKeyEntries: [String] = []

    @Option(name: .customLong(Setting.signingKeyID.flag), help: Setting.signingKeyID.argumentHelp)
    var signingKeyID: String?

    /// The values these flags set.
    var flagValues: [Setting: SettingValue] {
        var values: [Setting: SettingValue] = [:]
        values[.dataDirectory] = self.data.map(SettingValue.string)
        values[.signingKeys] = self.signingKeyEntries.isEmpty ? nil : .strings(self.signingKeyEntries)
        values[.signingKeyID] = self.signingKeyID.map(SettingValue.string)
        return values
    }

    /// The settings of this run: defaults, the configuration file, the environment, then these flags and `more`.
    ///
    /// - Throws: ``ConfigurationError`` for the first value at fault.
    func layers(
        flags more: [Setting: SettingValue] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> LayeredSettings {
        let file = try self.configFile.map { path throws(ConfigurationError) in try ConfigurationFile(path: path) }
        return try LayeredSettings(
            file: file,
            environment: environment,
            flags: self.flagValues.merging(more) { _, new in new }
        )
    }
}
