import Foundation

/// Where the dashboard's files are when `[server] dashboard_dir` is left at its default, `Clients/dashboard`: that
/// folder under the working folder; else under a folder above the `polestage` executable (a build in the
/// repository: `.build/<configuration>/polestage`); else `share/polestage/dashboard` beside the executable's `bin`
/// (an installation). A folder given explicitly is taken as it is.
enum DashboardLocation {
    static let defaultPath = "Clients/dashboard"

    static func resolve(
        configured: String,
        explicit: Bool,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
        executable: URL? = Bundle.main.executableURL
    ) -> URL {
        let given = URL(fileURLWithPath: configured, isDirectory: true, relativeTo: workingDirectory).standardized
        guard !explicit, configured == Self.defaultPath, !Self.isDirectory(given) else { return given }
        guard let executable = executable?.resolvingSymlinksInPath() else { return given }
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let candidate = folder.appendingPathComponent(Self.defaultPath, isDirectory: true)
            if Self.isDirectory(candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/polestage/dashboard", isDirectory: true)
        return Self.isDirectory(installed) ? installed : given
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
