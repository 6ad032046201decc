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

    package static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a =
            sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(a)))
    }

    /// A latitude/longitude box that holds every point within `radiusKm`, for the R*Tree pre-filter.
    ///
    /// The longitude half-width is asin(sin(r/R) / cos(latitude)); near a pole, or for a circle wider than the
    /// distance to it, the box spans every longitude.
    package func boundingBox(radiusKm: Double) -> (minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        let degrees = 180 / Double.pi
        let angular = radiusKm / Self.earthRadiusKm
        let minLat = self.latitude - angular * degrees
        let maxLat = self.latitude + angular * degrees
        guard minLat > -90, maxLat < 90 else {
            return (max(minLat, -90), min(maxLat, 90), -180, 180)
        }
        let ratio = sin(angular) / cos(self.latitude / degrees)
        guard ratio < 1 else { return (minLat, maxLat, -180, 180) }
        let dLon = asin(ratio) * degrees
        // A box crossing the antimeridian is widened to every longitude rather than split in two.
        guard self.longitude - dLon >= -180, self.longitude + dLon <= 180 else { return (minLat, maxLat, -180, 180) }
        return (minLat, maxLat, self.longitude - dLon, self.longitude + dLon)
    }
}
