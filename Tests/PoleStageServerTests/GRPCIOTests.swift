import Foundation
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import Testing

extension CrossLanguageTests {
    /// Python's grpcio, unchanged, against the native gRPC port (`Scripts/grpcio_check.py`): the health and interop
    /// services, and OfferService with a token on a server seeded with ``DomainFixture`` and one offer. CI provides grpcio
    /// (`.ci/run` makes a venv and sets `POLESTAGE_PYTHON`); elsewhere the test is skipped unless that variable names a
    /// Python with grpcio.
    @Suite("Python grpcio over HTTP/2")
    struct GRPCIOTests {
        static let python = ProcessInfo.processInfo.environment["POLESTAGE_PYTHON"]

        @Test(
            "grpcio calls health, the interop service, and OfferService with a token: search, Subscribe to live, statuses",
            .enabled(if: Self.python != nil, "POLESTAGE_PYTHON is not set")
        )
        func grpcio() async throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Scripts/grpcio_check.py")
            try await Self.run(script)
        }

        static func run(_ script: URL) async throws {
            try await withDomainServer { _, addresses, fixture in
                // One published offer in basin A, for the search and the subscription's snapshot to find.
                let offer = try await withWebSocketClients(addresses) { clients in
                    try await fixture.createOffer(clients)
                }
                // The coordination's token spans every basin: the script names basin A with `polestage-basin`.
                let token = try #require(fixture.tokens[.coordinator])
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
                process.arguments = [
                    script.path,
                    "\(addresses.host):\(addresses.grpcPort)",
                    token,
                    fixture.basinA.rawValue,
                    String(offer.id),
                ]
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                let (exited, exitedContinuation) = AsyncStream.makeStream(of: Int32.self)
                process.terminationHandler = { exitedContinuation.yield($0.terminationStatus) }
                try process.runWorkingAroundFoundation5472()
                let status = try await withTimeout(.seconds(60)) {
                    for await status in exited { return status }
                    return -1
                }
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(status == 0, "grpcio check failed:\n\(text)")
                #expect(text.contains("ok status code and message"))
                #expect(text.contains("ok reflection lists the services and describes OfferService"), "\(text)")
                #expect(text.contains("ok Subscribe snapshot (offer \(offer.id)) then live at "), "\(text)")
                #expect(text.contains("ok Subscribe filter.radius_km -1 INVALID_ARGUMENT"), "\(text)")
            }
        }
    }
}
