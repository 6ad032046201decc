/// A case stored as one bit of an integer column: a set of cases is stored as their bits or'ed together.
package protocol StoredBitFlag: CaseIterable, Hashable {
    /// Its bit.
    var bit: Int64 { get }
}

extension StoredBitFlag {
    /// The stored form of `flags`.
    package static func mask(of flags: some Sequence<Self>) -> Int64 { flags.reduce(0) { $0 | $1.bit } }

    /// The cases in a stored form, in their declared order.
    package static func set(fromMask mask: Int64) -> [Self] { allCases.filter { mask & $0.bit != 0 } }
}

extension StoredBitFlag where AllCases.Index == Int {
    /// The bit of its place among the cases: stable while new cases are only added at the end.
    package var bit: Int64 { Int64(1) << Int64(Self.allCases.firstIndex(of: self)!) }
}
