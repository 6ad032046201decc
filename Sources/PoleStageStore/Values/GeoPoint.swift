#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A WGS 84 position in decimal degrees.
public struct GeoPoint: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    /// Validates the ranges: latitude in [-90, 90], longitude in [-180, 180], both finite.
    public init?(latitude: Double, longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        self.latitude = latitude
        self.longitude = longitude
    }

    static let earthRadiusKm = 6371.0088

    /// Great-circle distance in kilometres (haversine).
    public func distanceKm(to other: GeoPoint) -> Double {
        Self.distanceKm(self.latitude, self.longitude, other.latitude, other.longitude)
    }

    static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(a)))
    }

    /// A latitude/longitude box that holds every point within `radiusKm`, for the R*Tree pre-filter.
    func boundingBox(radiusKm: Double) -> (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let dLat = radiusKm / 111.0
        let cosLat = max(cos(self.latitude * Double.pi / 180), 0.01)
        let dLon = min(radiusKm / (111.0 * cosLat), 180)
        return (self.latitude - dLat, self.latitude + dLat, self.longitude - dLon, self.longitude + dLon)
    }
}
