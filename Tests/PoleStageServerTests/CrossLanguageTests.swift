import Testing

extension Tag {
    /// A test that runs a program of another language: a browser, a Python interpreter, Node.
    @Tag static var crossLanguage: Self
}

/// The tests that run a heavy program of another language (chromium, Python with grpcio or pytest, Node), nested
/// here so that they run one at a time, beside the in-process tests (`.serialized` applies to the suites inside).
/// Several of them starting together on 2 cores starved one past its own deadlines. Their tag selects or skips them:
/// `swift test --filter CrossLanguageTests`, `swift test --skip CrossLanguageTests`.
@Suite(.serialized, .tags(.crossLanguage))
enum CrossLanguageTests {}
