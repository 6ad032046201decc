import Foundation

/// Standard error: messages and progress, so that standard output holds only results.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
