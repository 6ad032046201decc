import Foundation
import Hummingbird
import Logging
import PoleStageServices
import PoleStageStore
import PoleStageWebSocketTransport

/// The web application's sign-in over HTTP, in French for the page that shows its messages:
///
/// - `POST /auth/signin` with `{"code": "…", "basin": "…"}` (the basin only for a pupil's code): the access token and
///   who it is for, in JSON; the refresh token in the `polestage_refresh` cookie (`HttpOnly; Secure; SameSite=Strict`,
///   path `/auth`).
/// - `POST /auth/refresh`: the next access token, and the next refresh token in the cookie (each is accepted once).
/// - `POST /auth/signout`: ends the session (and refuses the access token sent as `Authorization`), clears the cookie.
///
/// Each takes `Content-Type: application/json`, which a cross-site form cannot send, and refuses an `Origin` that is
/// neither this server nor an allowed one. Failed sign-ins are limited per client address (``SignInLimiter``). Every
/// sign-in and sign-out, done or refused, goes to the audit log.
struct SignInRoutes: Sendable {
    let sessions: WebSessions
    let academy: any AcademyStorage
    let limiter: SignInLimiter
    let origins: OriginPolicy
    let logger: Logger

    static let cookie = "polestage_refresh"

    func add(to router: Router<ServerRequestContext>) {
        let group = router.group("auth")
        group.post("signin") { request, context in try await self.signIn(request, context) }
        group.post("refresh") { request, context in try await self.refresh(request, context) }
        group.post("signout") { request, context in try await self.signOut(request, context) }
    }

    /// What the page reads after a sign-in or a refresh.
    struct Session: Codable {
        var accessToken: String
        var expiresAt: Int64
        var sessionExpiresAt: Int64
        var role: String
        var user: String
        var basin: String?
        var basinName: String?
        var school: String?
        var schoolName: String?
        var company: String?
        var companyName: String?
        var pupil: Int64?
        var level: Int?
    }

    struct SignInRequest: Decodable {
        var code: String
        var basin: String?
    }

    struct Failure: Encodable {
        var error: String
    }

    private func signIn(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        if let refused = self.check(request) { return refused }
        let address = context.clientAddress(request)
        if let wait = self.limiter.retryAfter(address) {
            let seconds = max(1, wait.milliseconds / 1000)
            await self.audit(user: "(unknown)", role: "", target: "sign-in", outcome: "RATE_LIMITED")
            var response = Self.failure(
                .tooManyRequests,
                "Trop d'essais de connexion depuis cette adresse : réessayez dans \(seconds) secondes."
            )
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard let body = try? await request.body.collect(upTo: 4_096),
            let parsed = try? JSONDecoder().decode(SignInRequest.self, from: Data(body.readableBytesView))
        else {
            return Self.failure(
                .badRequest,
                "La demande doit être du JSON de la forme {\"code\": \"…\"}, avec \"basin\" pour le code d'un élève."
            )
        }
        guard let code = WebSessions.Code(parsed.code, basin: parsed.basin) else {
            self.limiter.failed(address)
            return Self.failure(
                .badRequest,
                "Ce code n'a pas la forme attendue : un lien d'invitation porte 26 lettres et chiffres, le code d'un "
                    + "élève 10, avec le bassin de son établissement."
            )
        }
        let kind = if case .invite = code { "invite" } else { "pupil code" }
        do {
            let signedIn = try await self.sessions.signIn(code)
            await self.audit(
                user: signedIn.grant.user,
                role: signedIn.grant.role,
                basin: signedIn.grant.basin,
                target: "sign-in with \(kind)",
                outcome: "OK"
            )
            return try self.response(signedIn)
        } catch let refusal as SignInRefusal {
            self.limiter.failed(address)
            await self.audit(
                user: "(unknown)",
                role: "",
                target: "sign-in with \(kind)",
                outcome: refusal.description.uppercased()
            )
            return Self.failure(refusal, pupil: kind == "pupil code")
        }
    }

    private func refresh(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        if let refused = self.check(request) { return refused }
        guard let token = Self.refreshToken(request) else {
            return Self.failure(
                .unauthorized,
                "Vous n'êtes pas connecté : ouvrez votre lien d'invitation ou saisissez votre code."
            )
        }
        do {
            return try self.response(try await self.sessions.refresh(token))
        } catch let refusal as SignInRefusal {
            var response = Self.failure(refusal, pupil: false)
            response.headers[.setCookie] = Self.cookie(value: "", maxAge: 0)
            return response
        }
    }

    private func signOut(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        if let refused = self.check(request) { return refused }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = Self.cookie(value: "", maxAge: 0)
        guard let token = Self.refreshToken(request) else { return response }
        let bearer = request.headers[.authorization].flatMap { header in
            header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : nil
        }
        do {
            let grant = try await self.sessions.signOut(token, accessToken: bearer)
            await self.audit(user: grant.user, role: grant.role, basin: grant.basin, target: "sign-out", outcome: "OK")
        } catch is SignInRefusal {
            // Signing out of a session that is over already leaves it over.
        }
        return response
    }

    /// Refuses a request a page of another site could send: a form (no JSON content type) or a foreign `Origin`.
    private func check(_ request: Request) -> Response? {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            return Self.failure(
                .unsupportedMediaType,
                "La demande doit être envoyée en JSON (Content-Type: application/json)."
            )
        }
        let origin = request.headers[.origin]
        guard origin == nil || self.origins.allows(origin: origin, host: request.head.authority) else {
            return Self.failure(
                .forbidden,
                "Cette page n'est pas celle du pôle de stages : connectez-vous depuis le site du pôle."
            )
        }
        return nil
    }

    private func response(_ signedIn: WebSessions.SignedIn) throws -> Response {
        let grant = signedIn.grant
        let session = Session(
            accessToken: signedIn.accessToken,
            expiresAt: Int64((signedIn.accessExpiresAt.timeIntervalSince1970 * 1000).rounded()),
            sessionExpiresAt: signedIn.sessionExpiresAt,
            role: grant.role,
            user: grant.user,
            basin: grant.basin?.rawValue,
            basinName: signedIn.basinName,
            school: grant.school?.rawValue,
            schoolName: signedIn.schoolName,
            company: grant.company?.rawValue,
            companyName: signedIn.companyName,
            pupil: grant.rosterID,
            level: signedIn.pupilLevel
        )
        let remaining = signedIn.sessionExpiresAt - Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let maxAge = max(0, (remaining + 500) / 1000)
        var response = Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(session)))
        )
        response.headers[.setCookie] = Self.cookie(value: signedIn.refreshToken, maxAge: maxAge)
        return response
    }

    static func cookie(value: String, maxAge: Int64) -> String {
        "\(Self.cookie)=\(value); Path=/auth; Max-Age=\(maxAge); HttpOnly; Secure; SameSite=Strict"
    }

    static func refreshToken(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == Self.cookie, !parts[1].isEmpty { return String(parts[1]) }
            }
        }
        return nil
    }

    static func failure(_ refusal: SignInRefusal, pupil: Bool) -> Response {
        let giver = pupil ? "votre établissement" : "la personne qui vous a invité"
        switch refusal {
        case .unknown:
            return Self.failure(
                .unauthorized,
                pupil
                    ? "Ce code n'est pas valable : il est inconnu, a déjà servi ou a expiré. Demandez-en un nouveau à "
                        + "votre établissement."
                    : "Ce code n'est pas reconnu : vérifiez le lien, ou demandez-en un nouveau à \(giver)."
            )
        case .used(let at):
            return Self.failure(
                .gone,
                "Ce lien a déjà servi, le \(Self.date(at)) : chaque lien ne sert qu'une fois. Demandez-en un nouveau à "
                    + "\(giver)."
            )
        case .expired(let at):
            return Self.failure(.gone, "Ce lien a expiré le \(Self.date(at)) : demandez-en un nouveau à \(giver).")
        case .revoked:
            return Self.failure(
                .unauthorized,
                "Votre session a pris fin (déconnexion, ou utilisation depuis un autre appareil) : reconnectez-vous "
                    + "avec un nouveau lien ou code."
            )
        case .deactivated:
            return Self.failure(.forbidden, "Ce compte est désactivé : adressez-vous à la coordination académique.")
        }
    }

    static func failure(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONEncoder().encode(Failure(error: message))) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// A time as a French reader reads it, in Paris: « 6 décembre 2026 à 14:05 ».
    static func date(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "d MMMM yyyy 'à' HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    private func audit(user: String, role: String, basin: BasinID? = nil, target: String, outcome: String) async {
        let entry = AuditEntry(
            user: user,
            role: role,
            method: "WebSignIn",
            basin: basin,
            target: target,
            outcome: outcome
        )
        do {
            try await self.academy.appendAudit(entry)
        } catch {
            self.logger.warning("The sign-in could not be written to the audit log", metadata: ["error": "\(error)"])
        }
    }
}
