import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Runs `body` and expects it to fail with `code`, and a message holding `message` when given.
@discardableResult
func expectStatus<T>(
    _ code: RPCError.Code,
    _ message: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async -> RPCError? {
    do {
        _ = try await body()
        Issue.record("expected \(code), the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as RPCError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        if let message {
            #expect(error.message.contains(message), "message: \(error.message)", sourceLocation: sourceLocation)
        }
        return error
    } catch {
        Issue.record("expected an RPCError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Starts a test server with the two-basin fixture.
func withDomainServer<T: Sendable>(
    _ configuration: ServerConfiguration = .testing(),
    stores: TestStores = .files,
    _ body: @Sendable (PoleStageServer, ListeningAddresses, DomainFixture) async throws -> T
) async throws -> T {
    try await withTestServer(configuration, stores: stores) { server, addresses in
        let fixture = try await DomainFixture.seed(on: server)
        return try await body(server, addresses, fixture)
    }
}

/// Where a test's servers run: SQLite files on one node, PostgreSQL on one node, or PostgreSQL on two nodes sharing
/// the database.
struct TestDeployment: Sendable, CustomStringConvertible {
    let stores: TestStores
    let nodes: Int

    /// Every deployment the test run can start: the PostgreSQL ones when a test cluster is named.
    static var tested: [TestDeployment] {
        TestStores.tested.flatMap { stores in
            stores == .postgres
                ? [TestDeployment(stores: stores, nodes: 1), TestDeployment(stores: stores, nodes: 2)]
                : [TestDeployment(stores: stores, nodes: 1)]
        }
    }

    var description: String { self.nodes == 1 ? "\(self.stores)" : "\(self.stores), \(self.nodes) nodes" }
}

/// Runs the deployment's servers, seeded through the first, for the duration of `body`.
func withDomainNodes<T: Sendable>(
    _ deployment: TestDeployment,
    _ body: @Sendable ([(server: PoleStageServer, addresses: ListeningAddresses)], DomainFixture) async throws -> T
) async throws -> T {
    if deployment.nodes == 1 {
        return try await withDomainServer(stores: deployment.stores) { server, addresses, fixture in
            try await body([(server, addresses)], fixture)
        }
    }
    return try await withTestNodes(count: deployment.nodes) { nodes in
        let fixture = try await DomainFixture.seed(on: nodes[0].server)
        return try await body(nodes, fixture)
    }
}

extension DomainFixture {
    /// Valid offer details in basin A, with `seats` per week offset from now.
    func offerDetails(
        trade: String = "I1604",
        title: String = "Mécanique automobile",
        levels: [Polestage_Common_V1_Level] = [.level3EObservation, .cap],
        weeks: [Int: Int32] = [3: 2, 4: 2],
        point: GeoPoint? = nil,
        reservedFor: UAI? = nil
    ) -> Polestage_Offers_V1_OfferDetails {
        let point = point ?? self.pointA
        return .with {
            $0.tradeCode = trade
            $0.title = title
            $0.description_p = "Découverte de l'atelier, diagnostic et entretien."
            $0.levels = levels
            $0.periods = weeks.sorted { $0.key < $1.key }.map { offset, seats in
                .with {
                    $0.week = self.protoWeek(offset)
                    $0.seats = seats
                }
            }
            $0.address = .with {
                $0.street = "12 rue du Port"
                $0.postalCode = "71100"
                $0.commune = "Chalon-sur-Saône"
            }
            $0.location = .with {
                $0.latitude = point.latitude
                $0.longitude = point.longitude
            }
            $0.accessible = true
            $0.transitAccess = "Bus 3, arrêt Port"
            $0.reservedForSchool = reservedFor?.rawValue ?? ""
        }
    }

    func protoWeek(_ offset: Int) -> Polestage_Common_V1_IsoWeek {
        let week = self.week(offset)
        return .with {
            $0.year = Int32(week.year)
            $0.week = Int32(week.week)
        }
    }

    /// Creates a published offer of `company` in its basin through the service.
    func createOffer<T: ClientTransport>(
        _ clients: DomainClients<T>,
        as actor: Actor = .companyA,
        basin: BasinID? = nil,
        siret: SIRET? = nil,
        details: Polestage_Offers_V1_OfferDetails? = nil,
        publish: Bool = true
    ) async throws -> Polestage_Offers_V1_Offer {
        let request = Polestage_Offers_V1_CreateOfferRequest.with {
            $0.companySiret = siret?.rawValue ?? ""
            $0.details = details ?? self.offerDetails()
            $0.publish = publish
        }
        return try await clients.offers.createOffer(request, metadata: self.metadata(actor, basin: basin))
    }
}
