public import Foundation
import JWTKit
import PoleStageStore
import Synchronization

/// Signs and verifies tokens with a set of HMAC-SHA256 keys, picked by the token header's `kid`.
public final class TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    private let keyIDs: Set<String>
    /// The key new tokens are signed with.
    public let signingKeyID: String
    /// Tokens whose signature was verified, by their exact text, with their claims: a client sends the same token with
    /// every call, and checking its signature and decoding its JSON each time was about 5 % of a reservation's CPU
    /// (`DomainBenchmarks reservations`, profiled). Only the expiry is checked again; revocation is the caller's check, on every call.
    private let verified = Mutex<[String: TokenClaims]>([:])
    /// Verified tokens remembered at most; past it the memory starts afresh.
    static let verifiedCapacity = 4096
    /// The clock tokens expire by; tests move it.
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - keys: Every key that verifies; ids must be unique.
    ///   - signingKeyID: The key that signs; the first one when `nil`.
    ///   - now: The clock tokens expire by.
    /// - Throws: ``AuthConfigurationError``.
    public init(
        keys: [SigningKey],
        signingKeyID: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(AuthConfigurationError) {
        guard let first = keys.first else { throw .noKeys }
        var ids = Set<String>()
        for key in keys {
            guard ids.insert(key.id).inserted else { throw .duplicateKeyID(key.id) }
        }
        let signing = signingKeyID ?? first.id
        guard ids.contains(signing) else { throw .unknownSigningKey(signing) }
        let collection = JWTKeyCollection()
        for key in keys {
            await collection.add(
                hmac: HMACKey(from: key.secret),
                digestAlgorithm: .sha256,
                kid: JWKIdentifier(string: key.id)
            )
        }
        self.keys = collection
        self.keyIDs = ids
        self.signingKeyID = signing
        self.now = now
    }

    /// Signs claims with the signing key.
    public func sign(_ claims: TokenClaims) async throws -> String {
        try await self.keys.sign(claims, kid: JWKIdentifier(string: self.signingKeyID))
    }

    /// Issues a token for a principal, valid for `lifetime`.
    public func issue(for principal: Principal, lifetime: Duration, now: Date = Date()) async throws -> String {
        try await self.issueToken(for: principal, lifetime: lifetime, now: now).token
    }

    /// Issues a token for a principal, valid for `lifetime`, and tells its id (to revoke it) and expiry.
    public func issueToken(for principal: Principal, lifetime: Duration, now: Date = Date()) async throws -> IssuedToken
    {
        var claims = TokenClaims(
            sub: principal.user,
            role: principal.role,
            issuedAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(lifetime.components.seconds)),
            id: UUID().uuidString
        )
        switch principal {
        case .coordinator: break
        case .animator(_, let basin): claims.basin = basin.rawValue
        case .school(_, let school): claims.school = school.rawValue
        case .pupil(_, let school, let rosterID):
            claims.school = school.rawValue
            claims.pupil = rosterID.map { String($0) }
        case .company(_, let company): claims.company = company.rawValue
        }
        return IssuedToken(token: try await self.sign(claims), id: claims.jti.value, expiresAt: claims.exp.value)
    }

    /// Verifies a token's `kid`, signature and expiry (by the authority's clock).
    public func verify(_ token: String) async throws(TokenError) -> TokenClaims {
        if let claims = self.verified.withLock({ $0[token] }) {
            do {
                try claims.exp.verifyNotExpired(currentDate: self.now())
            } catch {
                self.verified.withLock { _ = $0.removeValue(forKey: token) }
                throw .expired
            }
            return claims
        }
        let kid = try Self.keyID(of: token)
        guard self.keyIDs.contains(kid) else { throw .unknownKey(kid) }
        let claims: TokenClaims
        do {
            claims = try await self.keys.verify(token, as: TokenClaims.self)
        } catch let error as JWTError {
            switch error.errorType {
            case .claimVerificationFailure: throw .expired
            case .signatureVerificationFailed: throw .badSignature
            default: throw .malformed
            }
        } catch {
            throw .malformed
        }
        // The expiry is checked here, by this authority's clock, rather than in `TokenClaims.verify(using:)`.
        do {
            try claims.exp.verifyNotExpired(currentDate: self.now())
        } catch {
            throw .expired
        }
        self.verified.withLock { verified in
            if verified.count >= Self.verifiedCapacity { verified.removeAll() }
            verified[token] = claims
        }
        return claims
    }

    /// Reads `kid` from the token's header; jwt-kit would otherwise fall back to a default key.
    static func keyID(of token: String) throws(TokenError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        // JSONDecoder on the one field rather than JSONSerialization's dictionary of Any: this runs on every call.
        guard parts.count == 3, let header = Data(base64URLEncoded: parts[0]),
            let decoded = try? JSONDecoder().decode(TokenHeader.self, from: header)
        else { throw .malformed }
        guard let kid = decoded.kid else { throw .invalidClaims("the token header has no key id (kid)") }
        return kid
    }

    /// The one header field read before verification. A `kid` that is not a string reads as absent, as before.
    private struct TokenHeader: Decodable {
        var kid: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.kid = try? container.decodeIfPresent(String.self, forKey: .kid)
        }

        enum CodingKeys: String, CodingKey { case kid }
    }
}

extension Data {
    init?(base64URLEncoded text: Substring) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
