import PoleStageWire

/// Puts a fuzzer's bytes behind a valid header, so that every mutation reaches a control body decoder.
///
/// The first input byte picks the type (modulo 7): SETTINGS, OPEN, HEADERS, TRAILERS, RESET, WINDOW_UPDATE,
/// GOAWAY. The rest is the body. The message is then checked as any other (``FrameChecks``): SwiftProtobuf
/// straight from an array agrees with the decoder's zero-copy `ByteBuffer` path, and the body round-trips.
public enum ControlBodyChecks {
    /// The control types, each with a stream id valid for it (docs/protocol.md §2, rule 4).
    static let controlTypes: [(FrameType, StreamID)] = [
        (.settings, .connection),
        (.open, StreamID(1)),
        (.headers, StreamID(1)),
        (.trailers, StreamID(1)),
        (.reset, StreamID(1)),
        (.windowUpdate, StreamID(1)),
        (.goAway, .connection),
    ]

    /// Checks one fuzzer input: a selector byte, then a body.
    public static func check(input: UnsafeRawBufferPointer) {
        guard let selector = input.first else { return }
        let (type, streamID) = Self.controlTypes[Int(selector) % Self.controlTypes.count]
        var message: [UInt8] = [type.rawValue, 0]
        message.append(contentsOf: withUnsafeBytes(of: streamID.rawValue.bigEndian) { Array($0) })
        message.append(contentsOf: input.dropFirst())
        FrameChecks.check(message: message)
    }
}
