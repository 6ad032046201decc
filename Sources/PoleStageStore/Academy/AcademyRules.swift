import Foundation

/// The refusals of the academy store, apart from where it is stored: every backend throws these, so that both refuse
/// alike.
extension StoreError {
    package static func unknownBasin(_ id: BasinID) -> StoreError { .notFound("bassin \(id)") }
    package static func basinExists(_ id: BasinID) -> StoreError { .alreadyExists("bassin \(id)") }
    package static func unknownSchool(_ uai: UAI) -> StoreError { .notFound("établissement \(uai)") }
    package static func schoolExists(_ uai: UAI) -> StoreError { .alreadyExists("établissement \(uai)") }
    package static func unknownCompany(_ siret: SIRET) -> StoreError { .notFound("entreprise \(siret)") }
    package static func companyExists(_ siret: SIRET) -> StoreError { .alreadyExists("entreprise \(siret)") }
    package static func unknownUser(_ id: String) -> StoreError { .notFound("utilisateur \(id)") }
    package static func userExists(_ id: String) -> StoreError { .alreadyExists("utilisateur \(id)") }
    package static func unknownToken(_ id: String) -> StoreError { .notFound("jeton \(id)") }
}

extension Basin {
    /// Refuses a write into the basin when it is archived.
    package func checkWritable() throws {
        guard !self.archived else { throw StoreError.archived(self.id) }
    }
}

extension User {
    /// The user made the animator of `basin`.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the user is no animator.
    package func assigned(to basin: BasinID) throws -> User {
        guard self.role == "animator" else {
            throw StoreError.failedPrecondition(
                "l'utilisateur \(self.id) a le rôle « \(self.role) », pas celui d'animateur : invitez un animateur"
            )
        }
        var user = self
        user.basin = basin
        return user
    }
}

extension SchoolPriorityFacts {
    /// What a basin's priority rule reads of a school: none for a school the directory does not know.
    package init(of school: School?) {
        self.init(rep: school?.rep ?? false, repPlus: school?.repPlus ?? false, rural: school?.rural ?? false)
    }
}

/// What a company search matches: a folded name holding the query, or a SIRET starting with its digits.
package struct CompanySearch: Sendable {
    let folded: String
    let digits: String

    package init(_ query: String) {
        self.folded = Self.fold(query)
        self.digits = query.filter { $0 != " " }
    }

    package func matches(name: String, siret: String) -> Bool {
        self.folded.isEmpty || Self.fold(name).contains(self.folded)
            || (!self.digits.isEmpty && siret.hasPrefix(self.digits))
    }

    /// Lowercased, accents removed: "Électricité" and "electricite" match.
    package static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
    }
}

/// The secrets of sign-in: invite codes and refresh tokens, kept by the stores only as their SHA-256.
package enum SignInSecret {
    /// Random letters and digits (lower-case base 32), `bytes` random bytes' worth.
    package static func random(bytes: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        let count = (bytes * 8 + 4) / 5
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt32(32)))] })
    }

    /// What the stores keep of a code or token.
    package static func digest(_ code: String) -> String {
        sha256Hex(Data(code.utf8))
    }
}

extension SignInRefusal {
    /// Why an invite stored with these times cannot be used at `now`; `nil` when it can.
    package static func invite(usedAt: Int64?, expiresAt: Int64, now: Int64) -> SignInRefusal? {
        if let usedAt { return .used(at: usedAt) }
        guard expiresAt > now else { return .expired(at: expiresAt) }
        return nil
    }

    /// Why a refresh token stored with these times cannot be exchanged at `now`; `nil` when it can.
    ///
    /// A token used or revoked already is a replay: ``revoked``, and its whole session must end.
    package static func refreshToken(usedAt: Int64?, revokedAt: Int64?, expiresAt: Int64, now: Int64) -> SignInRefusal?
    {
        if usedAt != nil || revokedAt != nil { return .revoked }
        guard expiresAt > now else { return .expired(at: expiresAt) }
        return nil
    }
}
