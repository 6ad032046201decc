public import Foundation
public import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line, for log collectors.
///
/// `{"ts":"2026-11-23T19:01:02.345Z","level":"info","label":"polestage","msg":"…","source":"PoleStageServer","meta":{…}}`
/// Keys come in that order; metadata values are strings (nested values are flattened with their description).
/// Like every log line of the server, nothing personal or secret is put in: callers log ids, never tokens or pupil
/// references.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: Output

    /// Where lines go: one lock per stream, so that lines from concurrent tasks never interleave.
    public final class Output: Sendable {
        private let handle: Mutex<FileHandle>

        public init(_ handle: FileHandle) {
            self.handle = Mutex(handle)
        }

        public static let standardOutput = Output(.standardOutput)

        func write(_ line: String) {
            self.handle.withLock { $0.write(Data(line.utf8)) }
        }
    }

    public init(label: String, output: Output = .standardOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = "{\"ts\":\""
        line += Self.timestamp()
        line += "\",\"level\":\"\(event.level.rawValue)\",\"label\":"
        Self.appendQuoted(self.label, to: &line)
        line += ",\"msg\":"
        Self.appendQuoted(event.message.description, to: &line)
        line += ",\"source\":"
        Self.appendQuoted(event.source, to: &line)
        if !merged.isEmpty {
            line += ",\"meta\":{"
            for (index, key) in merged.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                Self.appendQuoted(key, to: &line)
                line += ":"
                Self.appendQuoted("\(merged[key]!)", to: &line)
            }
            line += "}"
        }
        line += "}\n"
        self.output.write(line)
    }

    static let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp() -> String {
        Self.format.format(Date())
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
