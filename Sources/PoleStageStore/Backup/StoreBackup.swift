public import Foundation
import GRDB

/// One file of a backup.
public struct BackupFile: Sendable, Hashable {
    /// Its path inside the backup: `academy.sqlite` or `basins/<basin>.sqlite`.
    public var name: String
    public var bytes: Int
}

/// Online backups of every store, and their offline restore.
///
/// A backup copies each store with SQLite's backup API (through GRDB) inside one read transaction of that store: each
/// file is a consistent snapshot even while writes continue, and a change and its change-log entry are either both in
/// it or both not. Stores are copied one after another: a backup is consistent per store, not across stores.
public enum StoreBackup {
    /// The folder backups go to, under the data folder.
    public static func backupsDirectory(in data: URL) -> URL {
        data.appendingPathComponent("backups", isDirectory: true)
    }

    /// Copies the academy store and every basin store into `directory`, which must not exist.
    public static func backup(academy: AcademyStore, basins: BasinStoreRegistry, into directory: URL) async throws
        -> [BackupFile]
    {
        guard !FileManager.default.fileExists(atPath: directory.path) else {
            throw StoreError.alreadyExists("sauvegarde \(directory.lastPathComponent)")
        }
        let basinsDirectory = directory.appendingPathComponent("basins", isDirectory: true)
        try FileManager.default.createDirectory(at: basinsDirectory, withIntermediateDirectories: true)
        let academyPath = directory.appendingPathComponent("academy.sqlite").path
        try academy.writer.backup(to: DatabaseQueue(path: academyPath))
        var files = [BackupFile(name: "academy.sqlite", bytes: Self.size(academyPath))]
        for basin in try Self.basinFiles(in: basins.configuration.basinsDirectory) {
            let path = basinsDirectory.appendingPathComponent("\(basin.rawValue).sqlite").path
            try await basins.store(for: basin).backup(to: path)
            files.append(BackupFile(name: "basins/\(basin.rawValue).sqlite", bytes: Self.size(path)))
        }
        return files
    }

    /// Replaces the stores of the data folder `data` with those of a backup. The server must be stopped: the folder's
    /// lock (``DataFolderLock``) is taken for the restore, so a running server makes it throw ``DataFolderInUse``
    /// before any file changes, and a server started meanwhile refuses to start.
    ///
    /// Every restored basin's change log starts a new epoch: a subscriber's position, taken after the backup, must
    /// not resume in a log that went back in time; it gets a reset and a snapshot instead.
    public static func restore(from backup: URL, into data: URL) throws -> [BackupFile] {
        let academy = backup.appendingPathComponent("academy.sqlite")
        guard FileManager.default.fileExists(atPath: academy.path) else {
            throw StoreError.notFound("academy.sqlite dans \(backup.path)")
        }
        let lock = try DataFolderLock(directory: data, holder: "polestage-admin restore")
        defer { lock.release() }
        let configuration = StoreConfiguration(directory: data)
        try FileManager.default.createDirectory(at: configuration.basinsDirectory, withIntermediateDirectories: true)
        try Self.copy(academy.path, over: configuration.academyPath)
        var files = [BackupFile(name: "academy.sqlite", bytes: Self.size(configuration.academyPath))]
        let restored = try Self.basinFiles(in: backup.appendingPathComponent("basins", isDirectory: true))
        // Basins created after the backup go: the restored academy does not list them.
        for basin in try Self.basinFiles(in: configuration.basinsDirectory) where !restored.contains(basin) {
            try Self.remove(configuration.basinPath(basin))
        }
        for basin in restored {
            let source = backup.appendingPathComponent("basins/\(basin.rawValue).sqlite").path
            let target = configuration.basinPath(basin)
            try Self.copy(source, over: target)
            let pool = try DatabasePool(path: target, configuration: BasinStoreRegistry.databaseConfiguration)
            try BasinMigrations.migrator.migrate(pool)
            try pool.write { db in _ = try BasinStore.resetLog(db) }
            try pool.close()
            files.append(BackupFile(name: "basins/\(basin.rawValue).sqlite", bytes: Self.size(target)))
        }
        return files
    }

    static func basinFiles(in directory: URL) throws -> [BasinID] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sqlite") }
            .compactMap { BasinID(String($0.dropLast(".sqlite".count))) }
            .sorted()
    }

    /// Copies a backup file over a store file, dropping the store's WAL and shared-memory files.
    static func copy(_ source: String, over target: String) throws {
        try Self.remove(target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }

    static func remove(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

extension BasinStore {
    /// Copies this store into a new SQLite file at `path`, in one read transaction. Maintenance: it does not keep an
    /// idle store open.
    func backup(to path: String) async throws {
        try await self.withDatabase(touch: false) { database in
            try database.writer.backup(to: DatabaseQueue(path: path))
        }
    }
}
