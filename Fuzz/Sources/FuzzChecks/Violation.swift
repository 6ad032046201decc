/// Stops the process on a broken property, so that libFuzzer reports a "deadly signal" and saves the input.
///
/// Swift's runtime backtracer must be off (`SWIFT_BACKTRACE=enable=no`, as `scripts/fuzz.sh` sets it): it
/// installs its own signal handlers first, and libFuzzer keeps an existing handler instead of its own, so
/// with the backtracer on the process dies without libFuzzer writing the crash input.
func violated(
    _ property: String,
    _ details: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) -> Never {
    fatalError("property violated: \(property): \(details())", file: file, line: line)
}
