import Foundation
import PoleStageAuth
import PoleStageStore
import Testing

@Suite("Tokens")
struct TokenTests {
    static func key(_ id: String, fill: UInt8) -> SigningKey {
        try! SigningKey(id: id, secret: [UInt8](repeating: fill, count: 32))
    }

    static let principals: [Principal] = [
        .coordinator(user: "u-coord"),
        .animator(user: "u-anim", basin: BasinID("chalon-tournus-louhans")!),
        .school(user: "u-school", school: uai("0710001")),
        .company(user: "u-company", company: siret("7321234500001")),
        .pupil(user: "u-pupil", school: uai("0710002")),
    ]

    @Test("a secret shorter than 32 bytes is refused, and the message says why")
    func keyTooShort() throws {
        let error = #expect(throws: AuthConfigurationError.self) {
            try SigningKey(id: "k1", secret: [UInt8](repeating: 7, count: 31))
        }
        #expect(error == .keyTooShort(id: "k1", length: 31))
        #expect(error?.description.contains("at least 32 bytes") == true)
        #expect(throws: Never.self) { try SigningKey(id: "k1", secret: [UInt8](repeating: 7, count: 32)) }
    }

    @Test("key ids are short and plain", arguments: ["", "a b", "clé", String(repeating: "k", count: 65), "k:1"])
    func invalidKeyIDs(id: String) {
        #expect(throws: AuthConfigurationError.invalidKeyID(id)) {
            try SigningKey(id: id, secret: [UInt8](repeating: 1, count: 32))
        }
    }

    @Test("keys parse from KID:BASE64SECRET")
    func parsing() throws {
        let secret = Data((0..<32).map(UInt8.init)).base64EncodedString()
        #expect(try SigningKey(parsing: "2026-01:\(secret)").id == "2026-01")
        #expect(throws: AuthConfigurationError.malformedKey("nokey")) { try SigningKey(parsing: "nokey") }
        #expect(throws: AuthConfigurationError.malformedKey("k")) { try SigningKey(parsing: "k:not base64!") }
        #expect(throws: AuthConfigurationError.keyTooShort(id: "k", length: 3)) { try SigningKey(parsing: "k:AQID") }
    }

    @Test("a key file: blank lines and comments skipped, spaces ignored, the signing key first; an empty one refused")
    func keyFile() throws {
        let secret = Data(repeating: 7, count: 32).base64EncodedString()
        let text = "# rotated 2026-12\n\n  k2:\(secret)  \r\nk1:\(secret)\n"
        #expect(try SigningKey.parseKeyFile(text).map(\.id) == ["k2", "k1"])
        #expect(throws: AuthConfigurationError.noKeys) { try SigningKey.parseKeyFile("# nothing yet\n\n") }
        #expect(throws: AuthConfigurationError.malformedKey("oops")) { try SigningKey.parseKeyFile("oops\n") }
    }

    @Test("an authority needs keys, unique ids, and a signing key among them")
    func authorityConfiguration() async {
        let key = Self.key("a", fill: 1)
        await #expect(throws: AuthConfigurationError.noKeys) { try await TokenAuthority(keys: []) }
        await #expect(throws: AuthConfigurationError.duplicateKeyID("a")) {
            try await TokenAuthority(keys: [key, Self.key("a", fill: 2)])
        }
        await #expect(throws: AuthConfigurationError.unknownSigningKey("b")) {
            try await TokenAuthority(keys: [key], signingKeyID: "b")
        }
    }

    @Test("an issued token verifies back to the same principal", arguments: principals)
    func roundTrip(principal: Principal) async throws {
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let token = try await authority.issue(for: principal, lifetime: .seconds(3600))
        let claims = try await authority.verify(token)
        #expect(try Principal(claims: claims) == principal)
        #expect(claims.role == principal.role.rawValue)
        #expect(claims == (try await authority.verify(token)))
    }

    @Test("rotation: a token of the old key verifies while the old key is kept, and no longer once it is dropped")
    func rotation() async throws {
        let (old, new) = (Self.key("old", fill: 1), Self.key("new", fill: 2))
        let before = try await TokenAuthority(keys: [old])
        let during = try await TokenAuthority(keys: [new, old], signingKeyID: "new")
        let after = try await TokenAuthority(keys: [new])
        #expect(during.signingKeyID == "new")

        let principal = Self.principals[1]
        let oldToken = try await before.issue(for: principal, lifetime: .seconds(3600))
        #expect(try Principal(claims: await during.verify(oldToken)) == principal)
        await #expect(throws: TokenError.unknownKey("old")) { try await after.verify(oldToken) }

        let newToken = try await during.issue(for: principal, lifetime: .seconds(3600))
        #expect(try Principal(claims: await after.verify(newToken)) == principal)
        await #expect(throws: TokenError.unknownKey("new")) { try await before.verify(newToken) }
    }

    @Test("a token signed with another secret under a known key id has a bad signature")
    func badSignature() async throws {
        let genuine = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let forger = try await TokenAuthority(keys: [Self.key("k1", fill: 9)])
        let forged = try await forger.issue(for: .coordinator(user: "intruder"), lifetime: .seconds(3600))
        await #expect(throws: TokenError.badSignature) { try await genuine.verify(forged) }

        // A genuine token whose payload was swapped keeps a signature that no longer matches.
        let token = try await genuine.issue(for: .pupil(user: "u", school: uai("0710001")), lifetime: .seconds(3600))
        let other = try await genuine.issue(for: .coordinator(user: "u"), lifetime: .seconds(3600))
        let parts = token.split(separator: ".")
        let spliced = [parts[0], other.split(separator: ".")[1], parts[2]].joined(separator: ".")
        await #expect(throws: TokenError.badSignature) { try await genuine.verify(spliced) }
    }

    @Test("a verified token is remembered by its exact text: a spliced copy is still checked, and it expires on time")
    func rememberedTokens() async throws {
        let clock = TestClock(Date())
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)], now: { clock.now })
        let issued = try await authority.issueToken(
            for: .pupil(user: "u", school: uai("0710001")),
            lifetime: .seconds(60),
            now: clock.now
        )
        let claims = try await authority.verify(issued.token)
        #expect(try await authority.verify(issued.token) == claims)

        // The remembered token's header and signature with another payload: verified in full, and refused.
        let other = try await authority.issue(for: .coordinator(user: "u"), lifetime: .seconds(3600))
        let parts = issued.token.split(separator: ".")
        let spliced = [parts[0], other.split(separator: ".")[1], parts[2]].joined(separator: ".")
        await #expect(throws: TokenError.badSignature) { try await authority.verify(spliced) }

        // The remembered claims expire with the token: 59 s later it still verifies, 61 s later it does not.
        clock.advance(by: .seconds(59))
        #expect(try await authority.verify(issued.token) == claims)
        clock.advance(by: .seconds(2))
        await #expect(throws: TokenError.expired) { try await authority.verify(issued.token) }
        // A token never verified before is checked against the same clock.
        let fresh = try await authority.issueToken(for: .coordinator(user: "u"), lifetime: .seconds(10), now: clock.now)
        clock.advance(by: .seconds(11))
        await #expect(throws: TokenError.expired) { try await authority.verify(fresh.token) }
    }

    @Test("an expired token is refused as expired")
    func expired() async throws {
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let token = try await authority.issue(
            for: .coordinator(user: "u"),
            lifetime: .seconds(3600),
            now: Date().addingTimeInterval(-2 * 3600)
        )
        await #expect(throws: TokenError.expired) { try await authority.verify(token) }
    }

    @Test(
        "what is not a JWT is malformed",
        arguments: ["abc", "", "a.b", "a.b.c", "a.b.c.d", "....", "e30.e30.e30"]
    )
    func malformed(token: String) async throws {
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let error = await #expect(throws: TokenError.self) { try await authority.verify(token) }
        // "e30" is "{}": a header without kid.
        #expect(error == (token == "e30.e30.e30" ? .invalidClaims("the token header has no key id (kid)") : .malformed))
    }

    @Test("a token without a key id is refused for its claims")
    func noKeyID() async throws {
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let header = Self.base64URL(#"{"alg":"HS256","typ":"JWT"}"#)
        let payload = Self.base64URL(#"{"sub":"u","role":"coordinator","iat":1700000000,"exp":4100000000,"jti":"x"}"#)
        let token = "\(header).\(payload).\(Self.base64URL("not a signature"))"
        let error = await #expect(throws: TokenError.self) { try await authority.verify(token) }
        guard case .invalidClaims(let reason)? = error else {
            Issue.record("expected invalidClaims, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("kid"))
    }

    @Test("an unsigned token (alg none) under a known key id is refused")
    func algNone() async throws {
        let authority = try await TokenAuthority(keys: [Self.key("k1", fill: 1)])
        let genuine = try await authority.issue(for: .coordinator(user: "u"), lifetime: .seconds(3600))
        let payload = genuine.split(separator: ".")[1]
        let header = Self.base64URL(#"{"alg":"none","typ":"JWT","kid":"k1"}"#)
        for token in ["\(header).\(payload).", "\(header).\(payload).\(genuine.split(separator: ".")[2])"] {
            await #expect(throws: TokenError.self) { try await authority.verify(token) }
        }
    }

    @Test(
        "claims without the scope their role needs make no principal",
        arguments: [
            (Role.animator, nil as String?, nil as String?, nil as String?),
            (.animator, "Not A Slug", nil, nil),
            (.school, nil, nil, nil),
            (.school, nil, "0710001X", nil),
            (.pupil, "chalon", nil, nil),
            (.company, nil, nil, "12345678901234"),
        ]
    )
    func invalidClaims(role: Role, basin: String?, school: String?, company: String?) {
        let claims = TokenClaims(
            sub: "u",
            role: role,
            issuedAt: Date(),
            expiresAt: Date().addingTimeInterval(60),
            id: "j",
            basin: basin,
            school: school,
            company: company
        )
        let error = #expect(throws: TokenError.self) { try Principal(claims: claims) }
        guard case .invalidClaims? = error else {
            Issue.record("expected invalidClaims, got \(String(describing: error))")
            return
        }
    }

    @Test("an animator token without a basin names what is missing; an unknown role is refused")
    func animatorWithoutBasin() {
        let claims = TokenClaims(sub: "u", role: .animator, issuedAt: Date(), expiresAt: Date(), id: "j")
        #expect(throws: TokenError.invalidClaims("an animator token needs a basin")) { try Principal(claims: claims) }
        var unknown = claims
        unknown.role = "admin"
        #expect(throws: TokenError.invalidClaims("unknown role 'admin'")) { try Principal(claims: unknown) }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
