import Foundation

/// Standard error: messages and progress, so that standard output holds only results.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// A role as the tables say it, in French; `--json` keeps the role's key.
    static func roleName(_ role: String) -> String {
        [
            "coordinator": "coordination", "animator": "animation", "school": "établissement",
            "company": "entreprise", "pupil": "élève",
        ][role] ?? role
    }
}
