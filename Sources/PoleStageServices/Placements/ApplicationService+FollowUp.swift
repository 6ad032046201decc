package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension ApplicationService {
    package func getFollowUp(
        request: Polestage_Placements_V1_FollowUpRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_FollowUp {
        let (caller, tenant) = try RequestContext.inBasin()
        var ownSchool: UAI?
        if case .school(_, let own) = caller.principal { ownSchool = own }
        let year = tenant.store.schoolYear
        let (levels, unasked) = try await tenant.store.followUp(year: year)
        let schools = try await self.academy.schools(in: tenant.basin.id)
        let byUAI = Dictionary(grouping: levels, by: \.school)
        return .with {
            $0.schoolYear = year.description
            $0.schools = schools.filter { ownSchool == nil || $0.uai == ownSchool }.map { school in
                .with {
                    $0.schoolUai = school.uai.rawValue
                    $0.schoolName = school.name
                    $0.levels = (byUAI[school.uai] ?? []).map { figures in
                        .with {
                            $0.level = figures.level.proto
                            if StatisticalSecrecy.withholds(figures.pupils), school.uai != ownSchool {
                                $0.fewerThanFive = true
                            } else {
                                $0.pupils = Int32(figures.pupils)
                                $0.placed = Int32(figures.placed)
                                $0.pending = Int32(figures.pending)
                                $0.nothingYet = Int32(figures.nothingYet)
                            }
                        }
                    }
                }
            }
            $0.unaskedOffers = unasked.map { offer in
                .with {
                    $0.offerID = offer.offer
                    $0.title = offer.title
                    $0.companyName = offer.companyName
                    $0.weeks = offer.weeks.map(\.proto)
                }
            }
        }
    }
}
