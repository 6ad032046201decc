import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf
import Testing

@testable import PoleStageServices

/// Property tests of the protobuf-to-domain validation: whatever a client sends, validation either yields details that
/// keep every invariant, or an `InvalidField` naming a field of the request. Never a trap.
@Suite("Validation properties")
struct ValidationPropertyTests {
    static let strings = [
        "", " ", "   \t ", "Cuisine", "Électricité du bâtiment", String(repeating: "é", count: 121),
        String(repeating: "a", count: 5000), "a\u{0}b", "line\nbreak", "tab\there", "🙂🙂", "71100", "7110", "X1234",
        "G1602", "g1602", "0710011C", "0710011X", "\u{202E}rtl", "DROP TABLE offer;--", "%s%n",
    ]
    static let integers: [Int32] = [0, 1, -1, 2, 52, 53, 54, 99, 100, 101, 2000, 2100, 2101, .max, .min]
    static let doubles: [Double] = [0, 46.78, 4.85, -90, 90, -91, 91, 180, -181, .nan, .infinity, -.infinity]

    static func valid() -> Polestage_Offers_V1_OfferDetails {
        .with {
            $0.tradeCode = "G1602"
            $0.title = "Commis de cuisine"
            $0.description_p = "Découverte"
            $0.levels = [.cap]
            $0.periods = [
                .with {
                    $0.week = .with {
                        $0.year = 2027
                        $0.week = 5
                    }
                    $0.seats = 2
                }
            ]
            $0.address = .with {
                $0.street = "1 rue du Port"
                $0.postalCode = "71100"
                $0.commune = "Chalon-sur-Saône"
            }
            $0.location = .with {
                $0.latitude = 46.78
                $0.longitude = 4.85
            }
        }
    }

    static func mutate(_ details: inout Polestage_Offers_V1_OfferDetails, _ random: inout SplitMix64) {
        func string() -> String { Self.strings.randomElement(using: &random)! }
        func integer() -> Int32 { Self.integers.randomElement(using: &random)! }
        func double() -> Double { Self.doubles.randomElement(using: &random)! }
        switch Int.random(in: 0..<14, using: &random) {
        case 0: details.tradeCode = string()
        case 1: details.title = string()
        case 2: details.description_p = string()
        case 3:
            details.levels = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
                .init(rawValue: Int(integer() % 9)) ?? .unspecified
            }
        case 4: details.levels.append(.UNRECOGNIZED(Int(integer())))
        case 5:
            let count = [0, 1, 2, 104, 105].randomElement(using: &random)!
            details.periods = (0..<count).map { index in
                .with {
                    $0.week = .with {
                        $0.year = 2027 + Int32(index / 52)
                        $0.week = Int32(index % 52 + 1)
                    }
                    $0.seats = 1
                }
            }
        case 6 where !details.periods.isEmpty: details.periods[0].week.year = integer()
        case 7 where !details.periods.isEmpty: details.periods[0].week.week = integer()
        case 8 where !details.periods.isEmpty: details.periods[0].seats = integer()
        case 9: details.address.postalCode = string()
        case 10: details.address.street = string()
        case 11: details.location.latitude = double()
        case 12: details.location.longitude = double()
        default: details.reservedForSchool = string()
        }
    }

    /// The invariants of validated details.
    static func checkInvariants(_ details: OfferDetails) {
        #expect(!details.title.isEmpty && details.title.count <= 120)
        #expect(!details.title.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(!details.levels.isEmpty)
        #expect((1...OfferDetails.maxPeriods).contains(details.seats.count))
        #expect(details.seats.values.allSatisfy { (1...OfferDetails.maxSeatsPerWeek).contains($0) })
        #expect(details.location.latitude.isFinite && details.location.longitude.isFinite)
        #expect(details.address.postalCode.count == 5)
    }

    static func check(_ request: Polestage_Offers_V1_OfferDetails, has: Bool = true) {
        do {
            let details = try OfferDetails(validating: request, hasDetails: has)
            checkInvariants(details)
        } catch {
            #expect(error.field.hasPrefix("details"), "\(error.field)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("mutated offer details validate into sound details or name the broken field", arguments: 0..<4)
    func mutatedDetails(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            var details = Self.valid()
            for _ in 0..<Int.random(in: 1...3, using: &random) { Self.mutate(&details, &random) }
            Self.check(details)
        }
    }

    @Test("random bytes that decode as a request validate without trapping", arguments: 0..<4)
    func randomBytes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let valid: [UInt8] =
            (try? Polestage_Offers_V1_CreateOfferRequest.with { $0.details = Self.valid() }.serializedBytes()) ?? []
        for _ in 0..<5_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            guard let request = try? Polestage_Offers_V1_CreateOfferRequest(serializedBytes: bytes) else { continue }
            Self.check(request.details, has: request.hasDetails)
        }
    }

    @Test("identifier parsers take any string without trapping", arguments: 0..<2)
    func identifiers(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz-_ é\u{0}🙂2A2B")
        for _ in 0..<20_000 {
            let text = String(
                (0..<Int.random(in: 0..<20, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            )
            if let uai = UAI(text) { #expect(uai.rawValue.count == 8) }
            if let siret = SIRET(text) { #expect(siret.rawValue.count == 14) }
            if let code = TradeCode(text) { #expect(code.rawValue.count == 5) }
            if let pupil = PupilRef(text) { #expect(pupil.description == "<pupil>") }
            if let basin = BasinID(text) { #expect(!basin.rawValue.contains("/")) }
        }
    }
}
