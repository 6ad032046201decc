import FuzzChecks

// Built with `swift build --sanitize=fuzzer`, which compiles this file as a library (no top-level code) and
// links libFuzzer, whose own `main` calls this function once per input. See Fuzz/README.md.

/// One input: the bytes of one binary WebSocket message, which is one frame (docs/protocol.md §1).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FrameChecks.check(message: Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
