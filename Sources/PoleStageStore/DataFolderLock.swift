public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The data folder is held by another process (a running server, or a restore under way).
public struct DataFolderInUse: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data folder.
    public var directory: String
    /// What the lock file says of its holder (`polestage serve, pid 1234`), when it could be read.
    public var holder: String?

    public var description: String {
        let who = self.holder.map { " by \($0)" } ?? " by another process"
        return "The data folder \(self.directory) is in use\(who): stop that process first, or name another folder "
            + "with --data."
    }
}

/// An advisory lock on a data folder (`flock` on `polestage.lock` inside it), held for as long as a server runs on it
/// or a restore replaces its files: a second server, or a restore while the server runs, refuses to start instead of
/// writing to (or replacing) files another process has open.
///
/// The lock belongs to the open file: it goes when ``release()`` is called, when the value is deinitialized, or when
/// the process ends, however it ends, so a crashed server never leaves its folder locked.
public final class DataFolderLock: Sendable {
    /// The lock file's name inside the data folder.
    public static let fileName = "polestage.lock"

    private let descriptor: Mutex<Int32?>

    /// Creates the folder if needed and takes its lock, without waiting.
    ///
    /// - Parameters:
    ///   - directory: The data folder.
    ///   - holder: Who holds it, written into the lock file for the message another process shows
    ///     (`polestage serve`); the process id is added.
    /// - Throws: ``DataFolderInUse`` when another process (or another lock in this one) holds the folder; the file
    ///   system's error when the folder or the lock file cannot be made.
    public init(directory: URL, holder: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(Self.fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let lockError = errno
            var bytes = [UInt8](repeating: 0, count: 256)
            let count = pread(descriptor, &bytes, bytes.count, 0)
            close(descriptor)
            guard lockError == EWOULDBLOCK else {
                throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path])
            }
            let text = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw DataFolderInUse(directory: directory.path, holder: text.isEmpty ? nil : text)
        }
        let line = Array("\(holder), pid \(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, line, line.count, 0)
        self.descriptor = Mutex(descriptor)
    }

    /// Gives the lock up; later calls do nothing.
    public func release() {
        guard
            let descriptor = self.descriptor.withLock({ value in
                defer { value = nil }; return value
            })
        else {
            return
        }
        close(descriptor)  // closing the last descriptor of the open file releases its flock
    }

    deinit {
        self.release()
    }
}
