public import Foundation
public import PoleStageStore

extension TokenAuthority {
    /// Issues a token and records it in the academy store (``IssuedTokenRecord``), so that it is listed and can be
    /// revoked by its id: how every issuer of the académie issues one (the admin service, the demo, `polestage token`).
    public func issueRecordedToken(
        for principal: Principal,
        lifetime: Duration,
        in academy: any AcademyStorage,
        now: Date = Date()
    ) async throws -> IssuedToken {
        let issued = try await self.issueToken(for: principal, lifetime: lifetime, now: now)
        var record = IssuedTokenRecord(
            tokenId: issued.id,
            userId: principal.user,
            role: principal.role.rawValue,
            issuedAt: Int64((now.timeIntervalSince1970 * 1000).rounded()),
            expiresAt: Int64((issued.expiresAt.timeIntervalSince1970 * 1000).rounded())
        )
        switch principal {
        case .coordinator: break
        case .animator(_, let basin): record.basinId = basin.rawValue
        case .school(_, let school), .pupil(_, let school, _): record.schoolUai = school.rawValue
        case .company(_, let company): record.companySiret = company.rawValue
        }
        try await academy.recordIssuedToken(record)
        return issued
    }
}
