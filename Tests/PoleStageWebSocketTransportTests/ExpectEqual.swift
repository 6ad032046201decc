import Testing

/// `#expect(actual == expected)` for an `actual` that a mutating call returns (the macro cannot take one).
func expectEqual<T: Equatable>(
    _ actual: T,
    _ expected: T,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual == expected, sourceLocation: sourceLocation)
}
