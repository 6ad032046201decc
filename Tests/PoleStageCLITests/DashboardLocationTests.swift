import Foundation
import Testing

@testable import PoleStageCLI

@Suite("Where the dashboard is served from")
struct DashboardLocationTests {
    /// A folder with `repository/Clients/dashboard`, `repository/.build/debug/polestage` and
    /// `prefix/share/polestage/dashboard` beside `prefix/bin/polestage`.
    static func withLayout(_ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in [
            "repository/Clients/dashboard", "repository/.build/debug", "prefix/share/polestage/dashboard", "prefix/bin",
            "elsewhere",
        ] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder),
                withIntermediateDirectories: true
            )
        }
        try body(root.resolvingSymlinksInPath())
    }

    @Test("the default folder is found under the working folder, above the executable, or in its share folder")
    func defaultFolder() throws {
        try Self.withLayout { root in
            let repository = root.appendingPathComponent("repository")
            let elsewhere = root.appendingPathComponent("elsewhere")
            let inRepository = DashboardLocation.resolve(
                configured: "Clients/dashboard",
                explicit: false,
                workingDirectory: repository,
                executable: nil
            )
            #expect(inRepository.path == repository.appendingPathComponent("Clients/dashboard").path)
            let aboveExecutable = DashboardLocation.resolve(
                configured: "Clients/dashboard",
                explicit: false,
                workingDirectory: elsewhere,
                executable: repository.appendingPathComponent(".build/debug/polestage")
            )
            #expect(aboveExecutable.path == repository.appendingPathComponent("Clients/dashboard").path)
            let installed = DashboardLocation.resolve(
                configured: "Clients/dashboard",
                explicit: false,
                workingDirectory: elsewhere,
                executable: root.appendingPathComponent("prefix/bin/polestage")
            )
            #expect(installed.path == root.appendingPathComponent("prefix/share/polestage/dashboard").path)
        }
    }

    @Test("a folder given explicitly is taken as it is, even when missing")
    func explicitFolder() throws {
        try Self.withLayout { root in
            let chosen = DashboardLocation.resolve(
                configured: "Clients/dashboard",
                explicit: true,
                workingDirectory: root.appendingPathComponent("elsewhere"),
                executable: root.appendingPathComponent("repository/.build/debug/polestage")
            )
            #expect(chosen.path == root.appendingPathComponent("elsewhere/Clients/dashboard").path)
        }
    }
}
