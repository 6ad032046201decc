public import Foundation
public import GRPCCore
import PoleStageAuth
import PoleStageDemo
public import PoleStageServer
public import PoleStageStore

/// Two basins with schools, companies and a token for each actor, for the domain services' end-to-end tests.
///
/// Basin A (`basin-a`) has schools A1 and A2 and companies A, A2 and AB; basin B (`basin-b`) has school B1 and
/// companies B and AB: AB works with both basins.
public struct DomainFixture: Sendable {
    /// Everyone the tests call as.
    public enum Actor: String, CaseIterable, Sendable, CustomStringConvertible {
        case coordinator, animatorA, animatorB, schoolA1, schoolA2, schoolB1, pupilA1
        case companyA, companyA2, companyB, companyAB
        public var description: String { self.rawValue }
    }

    public let basinA = BasinID("basin-a")!
    public let basinB = BasinID("basin-b")!
    public let schoolA1 = Self.uai("0710011")
    public let schoolA2 = Self.uai("0710024")
    public let schoolB1 = Self.uai("0210301")
    public let companyA = DemoAcademy.companySIRET(basin: 90, index: 1)
    public let companyA2 = DemoAcademy.companySIRET(basin: 90, index: 2)
    public let companyB = DemoAcademy.companySIRET(basin: 91, index: 1)
    public let companyAB = DemoAcademy.companySIRET(basin: 92, index: 1)
    /// Where basin A's schools and offers are: Chalon-sur-Saône.
    public let pointA = GeoPoint(latitude: 46.7806, longitude: 4.8539)!
    public let pointB = GeoPoint(latitude: 47.3220, longitude: 5.0415)!
    public private(set) var tokens: [Actor: String] = [:]

    static func uai(_ body: String) -> UAI { UAI(body + String(UAI.checkLetter(for: body)!))! }

    /// Seeds the server's stores and issues the tokens.
    public static func seed(on server: PoleStageServer) async throws -> DomainFixture {
        var fixture = DomainFixture()
        let academy = server.academy
        try await academy.createBasin(Basin(id: fixture.basinA, name: "Basin A"))
        try await academy.createBasin(Basin(id: fixture.basinB, name: "Basin B"))
        try await server.basins.createStorage(for: fixture.basinA)
        try await server.basins.createStorage(for: fixture.basinB)
        for (uai, basin, point, name) in [
            (fixture.schoolA1, fixture.basinA, fixture.pointA, "Collège A1"),
            (fixture.schoolA2, fixture.basinA, fixture.pointA, "Collège A2"),
            (fixture.schoolB1, fixture.basinB, fixture.pointB, "Collège B1"),
        ] {
            try await academy.saveSchool(
                School(
                    uai: uai,
                    name: name,
                    kind: .college,
                    commune: "Commune",
                    basin: basin,
                    rep: true,
                    location: point
                )
            )
        }
        for (siret, basins, name) in [
            (fixture.companyA, [fixture.basinA], "Garage A"),
            (fixture.companyA2, [fixture.basinA], "Boulangerie A2"),
            (fixture.companyB, [fixture.basinB], "Restaurant B"),
            (fixture.companyAB, [fixture.basinA, fixture.basinB], "Transports AB"),
        ] {
            try await academy.saveCompany(
                Company(
                    siret: siret,
                    name: name,
                    sector: "45.20A",
                    street: "1 rue du Port",
                    postalCode: "71100",
                    commune: "Chalon-sur-Saône",
                    location: fixture.pointA,
                    basins: Set(basins)
                )
            )
        }
        let principals: [Actor: Principal] = [
            .coordinator: .coordinator(user: "u-coordinator"),
            .animatorA: .animator(user: "u-animator-a", basin: fixture.basinA),
            .animatorB: .animator(user: "u-animator-b", basin: fixture.basinB),
            .schoolA1: .school(user: "u-school-a1", school: fixture.schoolA1),
            .schoolA2: .school(user: "u-school-a2", school: fixture.schoolA2),
            .schoolB1: .school(user: "u-school-b1", school: fixture.schoolB1),
            .pupilA1: .pupil(user: "u-pupil-a1", school: fixture.schoolA1),
            .companyA: .company(user: "u-company-a", company: fixture.companyA),
            .companyA2: .company(user: "u-company-a2", company: fixture.companyA2),
            .companyB: .company(user: "u-company-b", company: fixture.companyB),
            .companyAB: .company(user: "u-company-ab", company: fixture.companyAB),
        ]
        for (actor, principal) in principals {
            fixture.tokens[actor] = try await server.tokens.issue(for: principal, lifetime: .seconds(3600))
        }
        return fixture
    }

    /// The call metadata of `actor`, naming `basin` when given.
    public func metadata(_ actor: Actor, basin: BasinID? = nil) -> Metadata {
        var metadata: Metadata = ["authorization": "Bearer \(self.tokens[actor] ?? "")"]
        if let basin { metadata.addString(basin.rawValue, forKey: "polestage-basin") }
        return metadata
    }

    /// The ISO week `offset` weeks after the current one.
    public func week(_ offset: Int, from date: Date = Date()) -> ISOWeek {
        var week = ISOWeek(containing: date)
        for _ in 0..<offset { week = week.next }
        return week
    }
}
