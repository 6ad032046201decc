package import Foundation
package import GRPCCore
package import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.placements.v1.SignInService`: a pupil exchanges the one-time code its school handed it for a token bound
/// to its roster entry. Served without a token.
package struct SignInService: Polestage_Placements_V1_SignInService.SimpleServiceProtocol {
    let academy: any AcademyStorage
    let basins: any BasinDirectory
    let tokens: TokenAuthority
    /// The longest a pupil's session lasts; it also ends with the school year.
    static let sessionLifetime = Duration.seconds(90 * 86_400)

    package init(academy: any AcademyStorage, basins: any BasinDirectory, tokens: TokenAuthority) {
        self.academy = academy
        self.basins = basins
        self.tokens = tokens
    }

    package func redeemSignInCode(
        request: Polestage_Placements_V1_RedeemSignInCodeRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_PupilSession {
        guard let basinID = BasinID(request.basinID) else {
            throw InvalidField("basin_id", "n'est pas un identifiant de bassin")
        }
        let code = request.code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard code.count == 10 else {
            throw InvalidField("code", "doit être les dix lettres et chiffres donnés par l'établissement")
        }
        guard let basin = try await self.academy.basin(basinID), !basin.archived else {
            throw StoreError.notFound("bassin \(basinID)")
        }
        try await self.basins.prepare(basinID)
        let store = self.basins.storage(for: basinID)
        let pupil = try await store.redeemSignInCode(code)
        let now = Date()
        let untilYearEnd = Duration.seconds(max(60, Int64(pupil.schoolYear.end.timeIntervalSince(now))))
        let issued = try await self.tokens.issueRecordedToken(
            for: .pupil(user: "pupil-\(basinID)-\(pupil.id)", school: pupil.school, rosterID: pupil.id),
            lifetime: min(Self.sessionLifetime, untilYearEnd),
            in: self.academy,
            now: now
        )
        return .with {
            $0.token = issued.token
            $0.expiresAtUnixMs = Int64((issued.expiresAt.timeIntervalSince1970 * 1000).rounded())
            $0.pupilID = pupil.id
            $0.schoolUai = pupil.school.rawValue
        }
    }
}
