import PoleStageTesting
import Testing

@Suite("gRPC interoperability cases over both transports")
struct InteropTests {
    @Test("interop case", arguments: TransportKind.allCases, InteropTestCase.allCases)
    func interop(transport: TransportKind, testCase: InteropTestCase) async throws {
        try await withTestServer { _, addresses in
            try await withTimeout(.seconds(30)) {
                try await transport.withClient(to: addresses, InteropCaseBody(testCase))
            }
        }
    }
}
