/// Where a setting's value came from: messages name it, so that an operator knows what to fix.
enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// The built-in default.
    case builtIn(Setting)
    /// A configuration file, as its path was given.
    case file(path: String, setting: Setting)
    /// An environment variable.
    case environment(variable: String)
    /// A command-line flag.
    case flag(String)

    /// `polestage.toml: [server] port`, `POLESTAGE_SERVER_PORT`, `--port`.
    var description: String {
        switch self {
        case .builtIn(let setting): "default of \(setting)"
        case .file(let path, let setting): "\(path): \(setting)"
        case .environment(let variable): variable
        case .flag(let flag): flag
        }
    }
}
