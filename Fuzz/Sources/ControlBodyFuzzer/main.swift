import FuzzChecks

// Built with `swift build --sanitize=fuzzer`, which compiles this file as a library (no top-level code) and
// links libFuzzer, whose own `main` calls this function once per input. See Fuzz/README.md.

/// One input: a byte choosing the control frame type, then its body (``ControlBodyChecks``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    ControlBodyChecks.check(input: UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
