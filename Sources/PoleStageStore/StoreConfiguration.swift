public import Foundation

/// Where and how the stores keep their files.
public struct StoreConfiguration: Sendable {
    /// The data folder: `academy.sqlite` and `basins/<basin>.sqlite` live under it.
    public var directory: URL
    /// A basin store with no operation for this long closes its connections; the next operation reopens it.
    public var idleTimeout: Duration
    /// How long a pending reservation holds its seat before it expires.
    public var reservationHold: Duration
    /// How much of each basin's change log is kept for subscribers that resume.
    public var changeLogRetention: ChangeLogRetention
    /// The clock used for time stamps and expiry; tests move it.
    public var now: @Sendable () -> Date
    /// Pupils of a school year are deleted this long after the year ends (31 August), with their applications, codes
    /// and inbox (``BasinStore/purgePupils(retention:)``).
    public var pupilRetention: Duration = .seconds(365 * 86_400)

    public init(
        directory: URL,
        idleTimeout: Duration = .seconds(300),
        reservationHold: Duration = .seconds(7 * 24 * 3600),
        changeLogRetention: ChangeLogRetention = .init(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.directory = directory
        self.idleTimeout = idleTimeout
        self.reservationHold = reservationHold
        self.changeLogRetention = changeLogRetention
        self.now = now
    }

    package var academyPath: String { self.directory.appendingPathComponent("academy.sqlite").path }
    package var basinsDirectory: URL { self.directory.appendingPathComponent("basins", isDirectory: true) }
    package func basinPath(_ basin: BasinID) -> String {
        self.basinsDirectory.appendingPathComponent("\(basin.rawValue).sqlite").path
    }

    /// The bytes on disk of each store, its write-ahead log included: `academy`, then each basin by name. Reads the
    /// folder: call it off the paths that answer requests.
    public func fileSizes() -> [(store: String, bytes: Int)] {
        func size(_ path: String) -> Int { StoreBackup.size(path) + StoreBackup.size(path + "-wal") }
        var sizes = [(store: "academy", bytes: size(self.academyPath))]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: self.basinsDirectory.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".sqlite") {
            let path = self.basinsDirectory.appendingPathComponent(file).path
            sizes.append((store: String(file.dropLast(".sqlite".count)), bytes: size(path)))
        }
        return sizes
    }

    package func nowMilliseconds() -> Int64 { Int64((self.now().timeIntervalSince1970 * 1000).rounded()) }
}

extension Duration {
    /// Whole milliseconds, for time stamps and timeouts of sibling targets.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
