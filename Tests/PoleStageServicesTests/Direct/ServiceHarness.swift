import Foundation
import GRDB
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageStore
import Testing

@testable import PoleStageServices

/// The services called directly, without a transport or a socket: an academy and one basin in in-memory databases, and
/// the request context the server's interceptor would bind.
struct ServiceHarness {
    let academy: AcademyStore
    let basin: Basin
    let store: BasinStore

    static let basinID = BasinID("basin-a")!
    static let schoolA1 = uai("0710011")
    static let schoolA2 = uai("0710024")
    /// A school of another basin.
    static let schoolB1 = uai("0210301")
    static let companyA = siret("8900000010001")
    static let companyA2 = siret("8900000080001")
    /// A company that does not work in the basin.
    static let companyElsewhere = siret("8910000010001")

    static func uai(_ body: String) -> UAI { UAI(body + String(UAI.checkLetter(for: body)!))! }
    static func siret(_ thirteen: String) -> SIRET { SIRET(thirteen + String(SIRET.checkDigit(for: thirteen)!))! }

    init() async throws {
        let configuration = StoreConfiguration(directory: URL(fileURLWithPath: "/nonexistent"))
        self.academy = try AcademyStore(writer: DatabaseQueue(), configuration: configuration)
        self.basin = Basin(id: Self.basinID, name: "Chalon-Tournus-Louhans")
        let other = Basin(id: BasinID("basin-b")!, name: "Mâcon")
        try await self.academy.createBasin(self.basin)
        try await self.academy.createBasin(other)
        self.store = try BasinStore(basin: Self.basinID, writer: DatabaseQueue(), configuration: configuration)
        let point = GeoPoint(latitude: 46.78, longitude: 4.85)!
        for (uai, basin) in [(Self.schoolA1, self.basin.id), (Self.schoolA2, self.basin.id), (Self.schoolB1, other.id)]
        {
            try await self.academy.saveSchool(
                School(
                    uai: uai,
                    name: "Collège \(uai)",
                    kind: .college,
                    commune: "Chalon-sur-Saône",
                    basin: basin,
                    rep: false,
                    location: point
                )
            )
        }
        for (siret, basin) in [
            (Self.companyA, self.basin.id), (Self.companyA2, self.basin.id),
            (Self.companyElsewhere, other.id),
        ] {
            try await self.academy.saveCompany(
                Company(
                    siret: siret,
                    name: "Entreprise \(siret)",
                    sector: "45.20A",
                    street: "1 rue du Port",
                    postalCode: "71100",
                    commune: "Chalon-sur-Saône",
                    location: point,
                    basins: [basin]
                )
            )
        }
    }

    /// Runs `body` as the server runs a handler: `principal` calling `method` in the basin.
    func call<T>(
        _ principal: Principal,
        _ method: MethodDescriptor,
        _ body: (ServerContext) async throws -> T
    ) async throws -> T {
        let context = RequestContext(
            principal: principal,
            tenant: Tenant(basin: self.basin, store: self.store),
            method: method
        )
        return try await RequestContext.withValue(context) {
            try await body(
                ServerContext(
                    descriptor: method,
                    remotePeer: "in-process",
                    localPeer: "in-process",
                    cancellation: .init()
                )
            )
        }
    }

    /// The status a client would receive for `body`'s error: its code and message, as the server sends them.
    func refusal<T>(
        _ principal: Principal,
        _ method: MethodDescriptor,
        _ body: (ServerContext) async throws -> T
    ) async -> RPCError? {
        do {
            _ = try await self.call(principal, method, body)
            return nil
        } catch let error as any RPCErrorConvertible {
            return RPCError(error)
        } catch {
            return RPCError(code: .unknown, message: "\(error)")
        }
    }
}

/// Checks a refusal's code and that its message says `message`.
func expectRefusal(
    _ error: RPCError?,
    _ code: RPCError.Code,
    _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.message.contains(message) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
}
