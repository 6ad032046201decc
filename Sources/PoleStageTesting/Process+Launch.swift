public import Foundation

#if canImport(Glibc)
    import Glibc

    /// `malloc` and `free` called through pointers LLVM cannot see through, so that the pair is not optimized away.
    private let opaqueMalloc = unsafeBitCast(
        dlsym(nil, "malloc"),
        to: (@convention(c) (Int) -> UnsafeMutableRawPointer?).self
    )
    private let opaqueFree = unsafeBitCast(
        dlsym(nil, "free"),
        to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self
    )
#endif

extension Process {
    /// `run()`, with a workaround for a crash of Foundation's `Process.run()` on Linux
    /// (swift-corelibs-foundation#5472, fixed upstream after Swift 6.3.1).
    ///
    /// `run()` lists `/proc/self/fd` and copies the full 256-byte `d_name` of each directory entry, reading past the
    /// end of glibc's directory buffer. That buffer (about 32 KiB) is usually carved from the top of the calling thread's
    /// malloc arena, and when it ends right at the arena's last writable page the over-read hits an unmapped page
    /// (`Bad pointer dereference`, `__memcpy_… ← Process.run()`): it crashed a CI run of this suite. Allocating and
    /// freeing 96 KiB on the same thread just before leaves that much writable space at the top of the arena (glibc
    /// trims an arena's top only past 128 KiB), so the directory buffer is followed by mapped memory.
    public func runWorkingAroundFoundation5472() throws {
        #if canImport(Glibc)
            opaqueFree(opaqueMalloc(96 * 1024))
        #endif
        try self.run()
    }
}
