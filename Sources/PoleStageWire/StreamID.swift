/// Identifies one stream on one WebSocket. Chosen by the client, odd-free, strictly increasing; 0 is the connection.
public struct StreamID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The connection itself: SETTINGS and GOAWAY travel on it.
    public static let connection = StreamID(0)

    public static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { String(self.rawValue) }
}
