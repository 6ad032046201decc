import ArgumentParser
import Foundation
import PoleStageProto

/// `--level`, by the names schools use.
enum WatchLevel: String, ExpressibleByArgument, CaseIterable {
    case observation = "3e"
    case prepaMetiers = "prepa-metiers"
    case segpa
    case cap
    case bacPro = "bac-pro"
    case bts

    var proto: Polestage_Common_V1_Level {
        switch self {
        case .observation: .level3EObservation
        case .prepaMetiers: .level3EPrepaMetiers
        case .segpa: .segpa
        case .cap: .cap
        case .bacPro: .bacPro
        case .bts: .bts
        }
    }
}

/// `--near LAT,LON`.
struct WatchPoint: ExpressibleByArgument {
    var latitude: Double
    var longitude: Double

    init?(argument: String) {
        let parts = argument.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, (-90...90).contains(parts[0]), (-180...180).contains(parts[1]) else { return nil }
        self.latitude = parts[0]
        self.longitude = parts[1]
    }
}
