import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

extension CrossLanguageTests {
    /// The live dashboard (`Clients/dashboard/`): the server serves it, its JavaScript passes its Node tests (golden
    /// vectors included), and in Debian's headless chromium it shows the demo basin live and follows a reservation made by
    /// another client without a reload. CI installs node, chromium, chromium-driver and selenium (`.ci/run`); elsewhere the
    /// tests that need them are skipped unless they are installed, and under `CI` they run and fail when missing.
    @Suite("Live dashboard")
    struct DashboardTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        static let dashboard = Self.repository.appendingPathComponent("Clients/dashboard", isDirectory: true)
        static let ci = ProcessInfo.processInfo.environment["CI"] != nil
        static let python = ProcessInfo.processInfo.environment["POLESTAGE_PYTHON"]
        static let node = Self.executable(named: "node")
        static let chromium = Self.executable(named: "chromium")

        static func executable(named name: String) -> String? {
            ["/usr/bin", "/usr/local/bin"].map { "\($0)/\(name)" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
        }

        // MARK: Serving

        @Test("/dashboard/ serves the page, its modules and its security headers; paths outside it are refused")
        func serves() async throws {
            var configuration = ServerConfiguration.testing()
            configuration.dashboardDirectory = Self.dashboard
            try await withTestServer(configuration) { _, addresses in
                let page = try await withTimeout { try await httpExchange(addresses, "/dashboard/") }
                #expect(page.status == 200)
                #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
                #expect(page.body.contains(#"<script type="module" src="js/app.js">"#))
                let policy = try #require(page.headers["content-security-policy"])
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(page.headers["x-content-type-options"] == "nosniff")
                #expect(page.headers["cache-control"] == "no-cache")

                let module = try await withTimeout { try await httpExchange(addresses, "/dashboard/js/client.js") }
                #expect(module.status == 200)
                #expect(module.headers["content-type"]?.hasPrefix("text/javascript") == true)
                #expect(module.body.contains("export class Connection"))

                let bare = try await withTimeout { try await httpExchange(addresses, "/dashboard") }
                #expect(bare.status == 301)
                #expect(bare.headers["location"] == "/dashboard/")

                let missing = try await withTimeout { try await httpExchange(addresses, "/dashboard/js/missing.js") }
                #expect(missing.status == 404)
                for escape in ["/dashboard/../Package.swift", "/dashboard/%2e%2e/%2e%2e/Package.swift"] {
                    let outside = try await withTimeout { try await httpExchange(addresses, escape) }
                    #expect([400, 404].contains(outside.status), "\(escape) answered \(outside.status)")
                    #expect(!outside.body.contains("PackageDescription"))
                }
                // The other routes are untouched.
                let health = try await withTimeout { try await httpGet(addresses, "/healthz") }
                #expect(health.body == "ok")
            }
        }

        @Test("a server whose dashboard folder is missing answers 404 under /dashboard/ and serves the rest")
        func missingFolder() async throws {
            var configuration = ServerConfiguration.testing()
            configuration.dashboardDirectory = URL.temporaryTestDirectory().appendingPathComponent("none")
            try await withTestServer(configuration) { _, addresses in
                let page = try await withTimeout { try await httpGet(addresses, "/dashboard/") }
                let health = try await withTimeout { try await httpGet(addresses, "/healthz") }
                #expect(page.status == 404)
                #expect(health.body == "ok")
            }
        }

        // MARK: JavaScript under Node

        @Test(
            "the JavaScript frame codec, protobuf schemas, board and reconnection pass their Node tests",
            .enabled(if: Self.node != nil || Self.ci, "node is not installed")
        )
        func nodeTests() async throws {
            try await Self.runNodeTests()
        }

        static func runNodeTests() async throws {
            let node = try #require(Self.node, "node is not installed")
            let run = try ExecutableTests.Running(
                ["--test", "Clients/dashboard/tests/"],
                executable: URL(fileURLWithPath: node),
                currentDirectory: Self.repository
            )
            let output = try await withTimeout(.seconds(120)) { try await run.output() }
            #expect(try await run.exitCode() == 0, "node --test failed:\n\(output)")
            #expect(output.contains("# fail 0"))
            // The golden vectors ran: one decoding test per valid vector, one rejection per invalid one.
            #expect(output.contains("ok 1 - ") && output.contains("rejects truncated with its reason"))
        }

        @Test(
            "the map: Leaflet's folder under /dashboard/leaflet/, the tiles' template in map.json, their origin in img-src"
        )
        func mapLibraryAndTiles() async throws {
            let library = FileManager.default.temporaryDirectory.appendingPathComponent("leaflet-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: library) }
            try Data("export const version = 'test';\n".utf8).write(
                to: library.appendingPathComponent("leaflet.esm.js")
            )
            var configuration = ServerConfiguration.testing()
            configuration.dashboardDirectory = Self.dashboard
            configuration.mapLibraryDirectory = library
            configuration.mapTilesURL = "https://data.geopf.fr/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
            try await withTestServer(configuration) { _, addresses in
                let module = try await withTimeout {
                    try await httpExchange(addresses, "/dashboard/leaflet/leaflet.esm.js")
                }
                #expect(module.status == 200 && module.body.contains("version = 'test'"))
                #expect(module.headers["content-type"]?.hasPrefix("text/javascript") == true)
                let config = try await withTimeout { try await httpExchange(addresses, "/dashboard/map.json") }
                #expect(
                    config.body == #"{"tiles":"https://data.geopf.fr/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"}"#
                )
                let page = try await withTimeout { try await httpExchange(addresses, "/dashboard/") }
                #expect(
                    page.headers["content-security-policy"]?.contains("img-src 'self' data: https://data.geopf.fr;")
                        == true
                )
                let outside = try await withTimeout {
                    try await httpExchange(addresses, "/dashboard/leaflet/../../Package.swift")
                }
                #expect(outside.status != 200)
            }
            // Without the library (a machine without libjs-leaflet) the page keeps its own map: nothing is served there.
            var plain = ServerConfiguration.testing()
            plain.dashboardDirectory = Self.dashboard
            plain.mapLibraryDirectory = library.appendingPathComponent("missing")
            try await withTestServer(plain) { _, addresses in
                let module = try await withTimeout {
                    try await httpExchange(addresses, "/dashboard/leaflet/leaflet.esm.js")
                }
                #expect(module.status == 404)
                let config = try await withTimeout { try await httpExchange(addresses, "/dashboard/map.json") }
                #expect(config.body == #"{"tiles":null}"#)
            }
        }

        // MARK: In a real browser

        @Test(
            "in chromium: the demo basin's offers live, a reservation made elsewhere appears without a reload, and a drop resumes",
            .enabled(
                if: (Self.python != nil && Self.chromium != nil) || Self.ci,
                "POLESTAGE_PYTHON or chromium is missing"
            )
        )
        func inChromium() async throws {
            try await Self.runInChromium()
        }

        static func runInChromium() async throws {
            let python = try #require(Self.python, "POLESTAGE_PYTHON names no Python with selenium")
            try await ExecutableTests.withDataDirectory { data in
                // As the README starts it: from the repository, on the embedded default, with the demo.
                let server = try ExecutableTests.Running(
                    ["serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data],
                    currentDirectory: Self.repository
                )
                let (url, before) = try await server.waitUntilListening()
                let school = try #require(ExecutableTests.tokens(in: before)["school"])
                let page = url.replacingOccurrences(of: "ws://", with: "http://")
                    .replacingOccurrences(of: "/grpc", with: "/dashboard/")
                var arguments = [
                    Self.repository.appendingPathComponent("Tests/PoleStageServerTests/Scripts/dashboard_check.py")
                        .path,
                    page, school,
                ]
                if let screenshot = ProcessInfo.processInfo.environment["POLESTAGE_DASHBOARD_SCREENSHOT"] {
                    arguments += ["--screenshot", screenshot]
                }
                let browser = try ExecutableTests.Running(
                    arguments,
                    executable: URL(fileURLWithPath: python),
                    input: true
                )

                for (round, marker) in ["SHOWN ", "RESUMED "].enumerated() {
                    let line = try await browser.line(startingWith: marker, timeout: .seconds(90))
                    let shown = try JSONDecoder().decode(ShownOffer.self, from: Data(line.dropFirst(marker.count).utf8))
                    try await Self.reserve(shown, url: url, token: school, pupil: "dash-pupil-\(round)")
                    try browser.send("RESERVED")
                }
                let end = try await browser.line(startingWith: "OK", timeout: .seconds(90))
                #expect(end == "OK")
                #expect(try await browser.exitCode() == 0)
                #expect(try await server.stop() == 0)
            }
        }

        @Test(
            "in chromium: the demo's invite and pupil links sign in without a token, a reload stays signed in, sign-out holds, axe finds nothing",
            .enabled(
                if: (Self.python != nil && Self.chromium != nil) || Self.ci,
                "POLESTAGE_PYTHON or chromium is missing"
            )
        )
        func signInInChromium() async throws {
            try await Self.runScript("signin_check.py", timeout: .seconds(600)) { links, _, _ in
                let school = try #require(links["school"], "the demo printed no school link")
                let pupil = try #require(links["pupil"], "the demo printed no pupil link")
                let coordinator = try #require(links["coordinator"], "the demo printed no coordinator link")
                #expect(Set(links.keys) == ["coordinator", "animator", "school", "company", "pupil"])
                return [
                    school.replacingOccurrences(of: #"#.*"#, with: "", options: .regularExpression), school, pupil,
                    coordinator,
                ] + Self.screenshotArguments
            }
        }

        @Test(
            "in chromium, three sessions: a company publishes, a pupil sees it and applies, the company accepts, the school's list shrinks, live",
            .enabled(
                if: (Self.python != nil && Self.chromium != nil) || Self.ci,
                "POLESTAGE_PYTHON or chromium is missing"
            )
        )
        func rolesInChromium() async throws {
            try await Self.runScript("roles_check.py", timeout: .seconds(900)) { links, url, before in
                let animator = try #require(ExecutableTests.tokens(in: before)["animator"])
                // The offer is new: without a priority window, a pupil of any school may apply at once.
                try await withTimeout {
                    try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                        let applications = Polestage_Placements_V1_ApplicationService.Client(wrapping: client)
                        let metadata: Metadata = ["authorization": "Bearer \(animator)"]
                        var rules = try await applications.getPlacementRules(.init(), metadata: metadata)
                        rules.priorityWindowDays = 0
                        _ = try await applications.setPlacementRules(rules, metadata: metadata)
                    }
                }
                let school = try #require(links["school"])
                return [
                    school.replacingOccurrences(of: #"#.*"#, with: "", options: .regularExpression), school,
                    try #require(links["company"]), "chalon-tournus-louhans",
                ] + Self.screenshotArguments
            }
        }

        @Test(
            "in chromium: the animator follows its schools and its basin's equity, sets the rules, adds a contact, invites a school (its link opens that school's page) and shares a resource that appears live",
            .enabled(
                if: (Self.python != nil && Self.chromium != nil) || Self.ci,
                "POLESTAGE_PYTHON or chromium is missing"
            )
        )
        func animatorInChromium() async throws {
            try await Self.runScript("animator_check.py", timeout: .seconds(600)) { links, _, _ in
                [try #require(links["animator"])] + Self.screenshotArguments
            }
        }

        @Test(
            "in chromium, with the keyboard alone: a company saves a draft, publishes, edits and withdraws it, adds and removes a contact",
            .enabled(
                if: (Self.python != nil && Self.chromium != nil) || Self.ci,
                "POLESTAGE_PYTHON or chromium is missing"
            )
        )
        func companyByKeyboardInChromium() async throws {
            try await Self.runScript("company_check.py", timeout: .seconds(600)) { links, _, _ in
                [try #require(links["company"])]
            }
        }

        /// Runs a browser script of `Scripts/` against `polestage serve --demo`, as the README starts it, with the
        /// arguments `arguments` makes from the demo's sign-in links (by role, on the server's origin), its WebSocket
        /// URL and its first lines; expects `OK`.
        static func runScript(
            _ script: String,
            timeout: Duration,
            arguments: ([String: String], String, [String]) async throws -> [String]
        ) async throws {
            let python = try #require(Self.python, "POLESTAGE_PYTHON names no Python with selenium")
            try await ExecutableTests.withDataDirectory { data in
                let server = try ExecutableTests.Running(
                    ["serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data],
                    currentDirectory: Self.repository
                )
                let (url, before) = try await server.waitUntilListening()
                let origin = url.replacingOccurrences(of: "ws://", with: "http://")
                    .replacingOccurrences(of: "/grpc", with: "")
                let browser = try ExecutableTests.Running(
                    [Self.repository.appendingPathComponent("Tests/PoleStageServerTests/Scripts/\(script)").path]
                        + (try await arguments(Self.signInLinks(in: before, origin: origin), url, before)),
                    executable: URL(fileURLWithPath: python)
                )
                let end = try await browser.line(startingWith: "OK", timeout: timeout)
                #expect(end == "OK")
                #expect(try await browser.exitCode() == 0)
                #expect(try await server.stop() == 0)
            }
        }

        /// `--screenshots FOLDER` when `POLESTAGE_SCREENSHOTS` names one: the role pages' pictures of the README.
        static var screenshotArguments: [String] {
            ProcessInfo.processInfo.environment["POLESTAGE_SCREENSHOTS"].map { ["--screenshots", $0] } ?? []
        }

        /// The demo's sign-in links by role, on the server's origin.
        static func signInLinks(in lines: [String], origin: String) -> [String: String] {
            var links: [String: String] = [:]
            for line in lines {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0].hasSuffix(" link") {
                    links[String(parts[0].dropLast(" link".count))] = origin + parts[1]
                }
            }
            return links
        }

        /// What the page showed: an offer with a free seat, and a week and level to reserve it with.
        struct ShownOffer: Decodable {
            struct Week: Decodable {
                var year: Int32
                var week: Int32
            }
            var id: String
            var free: Int
            var week: Week
            var level: Int
        }

        /// A reservation through another client: the Swift WebSocket client, with the school's token.
        static func reserve(_ shown: ShownOffer, url: String, token: String, pupil: String) async throws {
            let offerID = try #require(Int64(shown.id))
            let reservation = try await withTimeout {
                try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                    try await Polestage_Reservations_V1_ReservationService.Client(wrapping: client).requestSeat(
                        .with {
                            $0.offerID = offerID
                            $0.week = .with {
                                $0.year = shown.week.year
                                $0.week = shown.week.week
                            }
                            $0.pupilRef = pupil
                            $0.level = Polestage_Common_V1_Level(rawValue: shown.level) ?? .unspecified
                        },
                        metadata: ["authorization": "Bearer \(token)"]
                    )
                }
            }
            #expect(reservation.offerID == offerID)
            #expect(reservation.status == .pending)
        }
    }
}
