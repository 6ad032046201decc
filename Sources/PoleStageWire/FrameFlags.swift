/// The flag bits of a frame: the second byte of every frame.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// On a client's MESSAGE: the client half-closes after this message (as if a HALF_CLOSE followed).
    public static let endStream = FrameFlags(rawValue: 0x01)

    /// The bits this version defines; a frame carrying any other bit is rejected.
    public static let known: FrameFlags = [.endStream]
}
