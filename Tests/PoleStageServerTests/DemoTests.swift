import Foundation
import PoleStageAuth
import PoleStageDemo
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import Testing

/// The demo académie: rosters, periods and applications in every state, so that follow-up and statistics show figures.
@Suite("The demo académie")
struct DemoTests {
    @Test("seeds applications in every state, a pupil token bound to a roster pupil, and only once")
    func seed() async throws {
        try await withTestServer { server, _ in
            let (tokens, seeded) = try await DemoAcademy.seed(
                academy: server.academy,
                basins: server.basins,
                tokens: server.tokens,
                offersPerBasin: 20
            )
            #expect(seeded)
            let basin = try #require(BasinID("chalon-tournus-louhans"))
            try await server.basins.prepare(basin)
            let store = server.basins.storage(for: basin)
            var states: Set<ApplicationState> = []
            for school in try await server.academy.schools(in: basin) {
                for application in try await store.applications(.school(school.uai, store.schoolYear), liveOnly: false)
                {
                    states.insert(application.state)
                }
            }
            #expect(states == Set(ApplicationState.allCases))
            let claims = try await server.tokens.verify(tokens.pupil.token)
            #expect(claims.pupil != nil)
            let again = try await DemoAcademy.seed(
                academy: server.academy,
                basins: server.basins,
                tokens: server.tokens
            )
            #expect(!again.seeded)
        }
    }
}
