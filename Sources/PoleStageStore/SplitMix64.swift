/// A small, reproducible pseudo-random generator (SplitMix64) for demo and test data: the same seed gives the same
/// sequence on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9e37_79b9_7f4a_7c15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public mutating func next(below bound: Int) -> Int { Int(self.next() % UInt64(bound)) }

    /// A uniform value in [-amplitude, amplitude].
    public mutating func jitter(_ amplitude: Double) -> Double {
        (Double(self.next() % 2_000_001) / 1_000_000 - 1) * amplitude
    }
}
