import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Synchronization
import Testing

/// The web application's sign-in over real sockets: invites and pupils' codes exchanged once at `/auth/signin`, refresh
/// tokens rotated in an `HttpOnly` cookie, sign-out, every refusal in French, the limiter, and the audit log.
@Suite("Web sign-in: invites, pupils' codes, refresh cookies")
struct WebSignInTests {
    static let json = [("Content-Type", "application/json")]

    static func post(
        _ addresses: ListeningAddresses,
        _ path: String,
        body: String = "{}",
        cookie: String? = nil,
        headers: [(String, String)] = Self.json
    ) async throws -> HTTPTestResponse {
        let sent = headers + (cookie.map { [("Cookie", "polestage_refresh=\($0)")] } ?? [])
        return try await withTimeout { try await httpRequest(addresses, "POST", path, headers: sent, body: body) }
    }

    /// The refresh token the response sets in its cookie.
    static func cookie(_ response: HTTPTestResponse) -> String? {
        guard let header = response.headers["set-cookie"], header.hasPrefix("polestage_refresh=") else { return nil }
        return header.dropFirst("polestage_refresh=".count).split(separator: ";").first.map(String.init)
    }

    static func session(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    static func error(_ response: HTTPTestResponse) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any])?["error"] as? String
            ?? response.body
    }

    @Test("an animator's invite signs a school in once; the refresh cookie rotates, a replay ends the session")
    func inviteAndRefresh() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let invite = try await clients.admin.inviteUser(
                    .with {
                        $0.role = "school"
                        $0.schoolUai = fixture.schoolA1.rawValue
                    },
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(invite.user.userID == "school-\(fixture.schoolA1)" && invite.code.count == 26)
                #expect(invite.path == "/dashboard/#invite=\(invite.code)")

                let signedIn = try await Self.post(addresses, "/auth/signin", body: #"{"code": "\#(invite.code)"}"#)
                #expect(signedIn.status == 200, "\(signedIn.body)")
                let cookieHeader = try #require(signedIn.headers["set-cookie"])
                #expect(cookieHeader.hasSuffix("; Path=/auth; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict"))
                #expect(signedIn.headers["cache-control"] == "no-store")
                let session = try Self.session(signedIn)
                #expect(session["role"] as? String == "school")
                #expect(session["school"] as? String == fixture.schoolA1.rawValue)
                #expect((session["schoolName"] as? String)?.isEmpty == false)
                #expect((session["basinName"] as? String)?.isEmpty == false)
                // The access token works on the gRPC services.
                let token = try #require(session["accessToken"] as? String)
                _ = try await clients.offers.searchOffers(.init(), metadata: ["authorization": "Bearer \(token)"])

                let again = try await Self.post(addresses, "/auth/signin", body: #"{"code": "\#(invite.code)"}"#)
                #expect(again.status == 410)
                #expect(Self.error(again).hasPrefix("Ce lien a déjà servi, le "))
                #expect(
                    Self.error(again).hasSuffix(
                        "chaque lien ne sert qu'une fois. Demandez-en un nouveau à la personne qui vous a invité."
                    )
                )

                let first = try #require(Self.cookie(signedIn))
                let refreshed = try await Self.post(addresses, "/auth/refresh", cookie: first)
                #expect(refreshed.status == 200)
                let second = try #require(Self.cookie(refreshed))
                #expect(second != first)
                #expect(try Self.session(refreshed)["accessToken"] as? String != token)
                // The first token again: someone replays it; the whole session ends, the latest token with it.
                let replayed = try await Self.post(addresses, "/auth/refresh", cookie: first)
                #expect(replayed.status == 401)
                #expect(Self.error(replayed).hasPrefix("Votre session a pris fin"))
                #expect(replayed.headers["set-cookie"]?.contains("Max-Age=0") == true)
                let after = try await Self.post(addresses, "/auth/refresh", cookie: second)
                #expect(after.status == 401)

                let audit = try await server.academy.auditEntries(before: nil, basin: nil, limit: 20)
                #expect(
                    audit.filter { $0.method == "WebSignIn" || $0.method == "InviteUser" }
                        .map { "\($0.method) \($0.role) \($0.target) \($0.outcome)" } == [
                            "WebSignIn  sign-in with invite USED",
                            "WebSignIn school sign-in with invite OK",
                            "InviteUser animator invite school (none) OK",
                        ]
                )
            }
        }
    }

    @Test("sign-out ends the session and refuses its access token; an expired invite says when it expired")
    func signOutAndExpiry() async throws {
        let clock = Mutex(Date())
        var configuration = ServerConfiguration.testing()
        configuration.now = { clock.withLock { $0 } }
        try await withDomainServer(configuration) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                func invite() async throws -> String {
                    try await clients.admin.inviteUser(
                        .with {
                            $0.role = "company"
                            $0.companySiret = fixture.companyA.rawValue
                        },
                        metadata: fixture.metadata(.animatorA)
                    ).code
                }
                let signedIn = try await Self.post(
                    addresses,
                    "/auth/signin",
                    body: #"{"code": "\#(try await invite())"}"#
                )
                let token = try #require(try Self.session(signedIn)["accessToken"] as? String)
                let cookie = try #require(Self.cookie(signedIn))
                let out = try await Self.post(
                    addresses,
                    "/auth/signout",
                    cookie: cookie,
                    headers: Self.json + [("Authorization", "Bearer \(token)")]
                )
                #expect(out.status == 204 && out.headers["set-cookie"]?.contains("Max-Age=0") == true)
                #expect(try await Self.post(addresses, "/auth/refresh", cookie: cookie).status == 401)
                await expectStatus(.unauthenticated, "revoked") {
                    try await clients.offers.searchOffers(.init(), metadata: ["authorization": "Bearer \(token)"])
                }

                let late = try await invite()
                clock.withLock { $0 += 73 * 3_600 }
                let expired = try await Self.post(addresses, "/auth/signin", body: #"{"code": "\#(late)"}"#)
                #expect(expired.status == 410)
                #expect(Self.error(expired).hasPrefix("Ce lien a expiré le "))
                #expect(Self.error(expired).contains(" à "))
            }
        }
    }

    @Test("a pupil signs in once with its school's code and the basin; the session is the pupil's")
    func pupilCode() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "WEB-0001")
                let code = try await clients.pupils.issueSignInCode(.with { $0.pupilID = pupil.id }, metadata: school)
                let body = #"{"code": "\#(code.code)", "basin": "\#(fixture.basinA)"}"#
                let signedIn = try await Self.post(addresses, "/auth/signin", body: body)
                #expect(signedIn.status == 200, "\(signedIn.body)")
                let session = try Self.session(signedIn)
                #expect(session["role"] as? String == "pupil" && session["pupil"] as? Int == Int(pupil.id))
                let again = try await Self.post(addresses, "/auth/signin", body: body)
                #expect(again.status == 401)
                #expect(
                    Self.error(again)
                        == "Ce code n'est pas valable : il est inconnu, a déjà servi ou a expiré. Demandez-en un nouveau "
                        + "à votre établissement."
                )
            }
        }
    }

    @Test("requests a page of another site could send, malformed ones and wrong codes are refused in French")
    func badRequests() async throws {
        try await withDomainServer { _, addresses, fixture in
            let form = try await Self.post(
                addresses,
                "/auth/signin",
                body: "code=x",
                headers: [("Content-Type", "application/x-www-form-urlencoded")]
            )
            #expect(form.status == 415)
            #expect(Self.error(form) == "La demande doit être envoyée en JSON (Content-Type: application/json).")
            let foreign = try await Self.post(
                addresses,
                "/auth/signin",
                body: #"{"code": "x"}"#,
                headers: Self.json + [("Origin", "https://evil.example")]
            )
            #expect(foreign.status == 403)
            let malformed = try await Self.post(addresses, "/auth/signin", body: "{")
            #expect(malformed.status == 400 && Self.error(malformed).hasPrefix("La demande doit être du JSON"))
            let shape = try await Self.post(addresses, "/auth/signin", body: #"{"code": "abc"}"#)
            #expect(shape.status == 400 && Self.error(shape).hasPrefix("Ce code n'a pas la forme attendue"))
            let unknown = try await Self.post(
                addresses,
                "/auth/signin",
                body: #"{"code": "\#(String(repeating: "a", count: 26))"}"#
            )
            #expect(unknown.status == 401 && Self.error(unknown).hasPrefix("Ce code n'est pas reconnu"))
            let noCookie = try await Self.post(addresses, "/auth/refresh")
            #expect(noCookie.status == 401 && Self.error(noCookie).hasPrefix("Vous n'êtes pas connecté"))
            _ = fixture
        }
    }

    @Test("after ten failures an address is refused, even with a good code, and told how long to wait")
    func limiter() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let good = try await clients.admin.inviteUser(
                    .with {
                        $0.role = "animator"
                        $0.basinID = fixture.basinA.rawValue
                        $0.userID = "animatrice-2"
                    },
                    metadata: fixture.metadata(.coordinator)
                )
                for _ in 0..<10 {
                    let wrong = try await Self.post(addresses, "/auth/signin", body: #"{"code": "abc"}"#)
                    #expect(wrong.status == 400)
                }
                let limited = try await Self.post(addresses, "/auth/signin", body: #"{"code": "\#(good.code)"}"#)
                #expect(limited.status == 429)
                #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 500)
                #expect(
                    Self.error(limited).hasPrefix("Trop d'essais de connexion depuis cette adresse : réessayez dans")
                )
            }
        }
    }

    @Test("who may invite whom: the coordination anyone but a pupil, an animator its basin's schools and companies")
    func inviteRules() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                await expectStatus(
                    .permissionDenied,
                    "un animateur invite les établissements et les entreprises de son bassin ; la coordination invite les animateurs"
                ) {
                    try await clients.admin.inviteUser(
                        .with {
                            $0.role = "animator"
                            $0.basinID = fixture.basinA.rawValue
                        },
                        metadata: animator
                    )
                }
                await expectStatus(
                    .permissionDenied,
                    "l'établissement \(fixture.schoolB1) n'est pas dans le bassin \(fixture.basinA)"
                ) {
                    try await clients.admin.inviteUser(
                        .with {
                            $0.role = "school"
                            $0.schoolUai = fixture.schoolB1.rawValue
                        },
                        metadata: animator
                    )
                }
                await expectStatus(.permissionDenied, "le rôle « établissement » ne peut pas inviter un utilisateur") {
                    try await clients.admin.inviteUser(
                        .with { $0.role = "school" },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.invalidArgument, "role : doit être coordinator, animator, school ou company") {
                    try await clients.admin.inviteUser(.with { $0.role = "pupil" }, metadata: animator)
                }
                await expectStatus(
                    .invalidArgument,
                    "lifetime_hours : doit être de 1 à 336 heures (deux semaines) ; 0 pour 72"
                ) {
                    try await clients.admin.inviteUser(
                        .with {
                            $0.role = "company"
                            $0.companySiret = fixture.companyA.rawValue
                            $0.lifetimeHours = 400
                        },
                        metadata: animator
                    )
                }
                _ = try await clients.admin.inviteUser(
                    .with {
                        $0.role = "school"
                        $0.schoolUai = fixture.schoolA1.rawValue
                    },
                    metadata: animator
                )
                await expectStatus(.failedPrecondition, "existe avec un autre rôle ou une autre portée") {
                    try await clients.admin.inviteUser(
                        .with {
                            $0.role = "company"
                            $0.companySiret = fixture.companyA.rawValue
                            $0.userID = "school-\(fixture.schoolA1)"
                        },
                        metadata: animator
                    )
                }
            }
        }
    }
}
