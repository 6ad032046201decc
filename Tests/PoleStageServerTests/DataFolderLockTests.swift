import Foundation
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import Testing

/// One process at a time on a data folder: a second server and a restore refuse to start while a server runs on it.
@Suite("Data folder lock")
struct DataFolderLockTests {
    @Test("a second server on the folder of a running one refuses to start, and starts once the first stopped")
    func secondServer() async throws {
        let data = URL.temporaryTestDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        try await withTestServer(.testing(dataDirectory: data)) { _, _ in
            let error = await #expect(throws: DataFolderInUse.self) {
                _ = try await PoleStageServer(configuration: .testing(dataDirectory: data))
            }
            #expect(
                error?.holder?.hasPrefix("polestage serve, pid \(getpid())") == true,
                "\(String(describing: error))"
            )
            #expect(
                error?.description.hasSuffix(
                    "is in use by polestage serve, pid \(getpid()): stop that process first, or name another folder with --data."
                ) == true
            )
        }
        // Stopped: the folder is free again.
        try await withTestServer(.testing(dataDirectory: data)) { _, _ in }
    }

    @Test("a restore into the folder of a running server changes nothing and says why")
    func restoreWhileServing() async throws {
        let data = URL.temporaryTestDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        try await withTestServer(.testing(dataDirectory: data)) { server, _ in
            let backup = StoreBackup.backupsDirectory(in: data).appendingPathComponent("before")
            _ = try await StoreBackup.backup(
                academy: try #require(server.academy as? AcademyStore),
                basins: try #require(server.basins as? BasinStoreRegistry),
                into: backup
            )
            let academy = data.appendingPathComponent("academy.sqlite")
            let before = try FileManager.default.attributesOfItem(atPath: academy.path)[.modificationDate] as? Date
            let error = #expect(throws: DataFolderInUse.self) {
                _ = try StoreBackup.restore(from: backup, into: data)
            }
            #expect(error?.directory == data.path)
            let after = try FileManager.default.attributesOfItem(atPath: academy.path)[.modificationDate] as? Date
            #expect(before == after)
        }
    }

    @Test("polestage serve on a folder in use exits 1 with the message; polestage-admin restore too")
    func executables() async throws {
        let data = URL.temporaryTestDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        try await withTestServer(.testing(dataDirectory: data)) { server, _ in
            let serve = try await runToEnd(ExecutableTests.executable, ["serve", "--port", "0", "--data", data.path])
            #expect(serve.code == 1)
            #expect(serve.err.contains("is in use by polestage serve"), "\(serve.err)")
            let backup = StoreBackup.backupsDirectory(in: data).appendingPathComponent("nightly")
            _ = try await StoreBackup.backup(
                academy: try #require(server.academy as? AcademyStore),
                basins: try #require(server.basins as? BasinStoreRegistry),
                into: backup
            )
            let restore = try await runToEnd(
                AdminConsoleTests.executable,
                ["restore", "--from", backup.path, "--data", data.path]
            )
            #expect(restore.code == 1)
            #expect(restore.err.contains("is in use by polestage serve"), "\(restore.err)")
        }
    }
}
