import Foundation
import Testing

@testable import PoleStageStore

/// Offers on a circle around a point, just inside and just outside a radius, against the R*Tree pre-filter's box.
@Suite("Search radius edge")
struct SearchRadiusTests {
    static let earthRadiusKm = 6371.0088

    /// The point at `distanceKm` from `start` along `bearing` degrees, on the sphere of the store's distances.
    static func destination(from start: GeoPoint, distanceKm: Double, bearing: Double) -> GeoPoint {
        let (lat1, lon1) = (start.latitude * .pi / 180, start.longitude * .pi / 180)
        let (delta, theta) = (distanceKm / Self.earthRadiusKm, bearing * .pi / 180)
        let lat2 = asin(sin(lat1) * cos(delta) + cos(lat1) * sin(delta) * cos(theta))
        let lon2 = lon1 + atan2(sin(theta) * sin(delta) * cos(lat1), cos(delta) - sin(lat1) * sin(lat2))
        return GeoPoint(latitude: lat2 * 180 / .pi, longitude: lon2 * 180 / .pi)!
    }

    /// Imports offers on two circles (radius - 0.01 km and radius + 0.01 km) and returns the inner ones' ids.
    static func searchCircle(center: GeoPoint, radiusKm: Double) async throws -> (found: Set<Int64>, inside: Set<Int64>)
    {
        try await withBasinStore { fixture in
            let week = fixture.clock.week(1)
            var imports: [OfferImport] = []
            for bearing in stride(from: 0.0, to: 360.0, by: 1.0) {
                for distance in [radiusKm - 0.01, radiusKm + 0.01] {
                    var details = Sample.details(seats: [week: 1])
                    details.location = Self.destination(from: center, distanceKm: distance, bearing: bearing)
                    imports.append(
                        OfferImport(
                            owner: Sample.company,
                            tradeLabel: "Boulangerie",
                            details: details,
                            externalRef: nil,
                            publish: true
                        )
                    )
                }
            }
            let ids = try await fixture.store.importOffers(imports)
            let inside = Set(
                zip(ids, imports).filter { center.distanceKm(to: $0.1.details.location) <= radiusKm }.map(\.0)
            )
            let page = try await fixture.store.searchOffers(
                OfferQuery(near: center, radiusKm: radiusKm, viewer: .staff, limit: 10_000)
            )
            return (Set(page.offers.map(\.id)), inside)
        }
    }

    @Test(
        "every offer within the radius is found, up to the services' 300 km",
        arguments: [
            (46.78, 4.85, 10.0), (46.78, 4.85, 300.0), (51.03, 2.37, 300.0), (42.70, 2.90, 300.0), (48.86, 2.35, 0.5),
        ]
    )
    func radiusEdge(latitude: Double, longitude: Double, radiusKm: Double) async throws {
        let (found, inside) = try await Self.searchCircle(
            center: GeoPoint(latitude: latitude, longitude: longitude)!,
            radiusKm: radiusKm
        )
        #expect(inside.count == 360)
        #expect(inside.subtracting(found).isEmpty, "missed: \(inside.subtracting(found).count)")
        #expect(found.subtracting(inside).isEmpty, "outside the radius: \(found.subtracting(inside).count)")
    }

    @Test("beyond about 600 km, offers near the circle's east and west edges are still found")
    func wideRadius() async throws {
        let (found, inside) = try await Self.searchCircle(center: SearchTests.center, radiusKm: 1_000)
        #expect(inside.count == 360)
        #expect(found.isSubset(of: inside))
        #expect(inside.subtracting(found).isEmpty, "missed: \(inside.subtracting(found).count)")

    }
}
