import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

typealias ProtoLevel = Polestage_Common_V1_Level
typealias ProtoWeek = Polestage_Common_V1_IsoWeek
typealias ProtoPoint = Polestage_Common_V1_GeoPoint
typealias ProtoAddress = Polestage_Common_V1_Address

extension Level {
    init(validating level: ProtoLevel, field: String) throws(InvalidField) {
        switch level {
        case .level3EObservation: self = .observation3e
        case .level3EPrepaMetiers: self = .prepaMetiers3e
        case .segpa: self = .segpa
        case .cap: self = .cap
        case .bacPro: self = .bacPro
        case .bts: self = .bts
        case .unspecified: throw InvalidField(field, "un niveau est requis")
        case .UNRECOGNIZED(let value): throw InvalidField(field, "niveau inconnu \(value)")
        }
    }

    var proto: ProtoLevel {
        switch self {
        case .observation3e: .level3EObservation
        case .prepaMetiers3e: .level3EPrepaMetiers
        case .segpa: .segpa
        case .cap: .cap
        case .bacPro: .bacPro
        case .bts: .bts
        }
    }
}

extension ISOWeek {
    init(validating week: ProtoWeek, field: String) throws(InvalidField) {
        guard let value = ISOWeek(year: Int(week.year), week: Int(week.week)) else {
            throw InvalidField(
                field,
                "\(week.year)-W\(week.week) n'est pas une semaine ISO (années 2000 à 2100, semaines 1 à 52 ou 53)"
            )
        }
        self = value
    }

    /// `nil` when the message does not set the field.
    init?(validating week: ProtoWeek, present: Bool, field: String) throws(InvalidField) {
        guard present else { return nil }
        self = try ISOWeek(validating: week, field: field)
    }

    var proto: ProtoWeek {
        .with {
            $0.year = Int32(self.year); $0.week = Int32(self.week)
        }
    }
}

extension GeoPoint {
    init(validating point: ProtoPoint, field: String) throws(InvalidField) {
        guard let value = GeoPoint(latitude: point.latitude, longitude: point.longitude) else {
            throw InvalidField(field, "la latitude doit être dans [-90, 90] et la longitude dans [-180, 180]")
        }
        self = value
    }

    var proto: ProtoPoint {
        .with {
            $0.latitude = self.latitude; $0.longitude = self.longitude
        }
    }
}

extension PostalAddress {
    init(validating address: ProtoAddress, field: String) throws(InvalidField) {
        let street = try Text.required(address.street, field: "\(field).street", max: 200)
        let postalCode = address.postalCode.trimmingCharacters(in: .whitespacesAndNewlines)
        guard postalCode.count == 5, postalCode.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InvalidField("\(field).postal_code", "doit faire cinq chiffres")
        }
        let commune = try Text.required(address.commune, field: "\(field).commune", max: 100)
        self.init(street: street, postalCode: postalCode, commune: commune)
    }

    var proto: ProtoAddress {
        .with {
            $0.street = self.street
            $0.postalCode = self.postalCode
            $0.commune = self.commune
        }
    }
}

/// Rules for free text fields.
enum Text {
    /// Trimmed, not empty, at most `max` characters, no control characters (line breaks only when `multiline`).
    static func required(_ text: String, field: String, max: Int, multiline: Bool = false) throws(InvalidField)
        -> String
    {
        let trimmed = try optional(text, field: field, max: max, multiline: multiline)
        guard !trimmed.isEmpty else { throw InvalidField(field, "ne doit pas être vide") }
        return trimmed
    }

    /// Trimmed, at most `max` characters, no control characters (line breaks only when `multiline`).
    static func optional(_ text: String, field: String, max: Int, multiline: Bool = false) throws(InvalidField)
        -> String
    {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= max else { throw InvalidField(field, "doit faire au plus \(max) caractères") }
        let control = trimmed.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(multiline && scalar == "\n")
        }
        guard !control else {
            throw InvalidField(
                field,
                multiline
                    ? "ne doit pas contenir de caractère de contrôle"
                    : "doit tenir sur une ligne, sans caractère de contrôle"
            )
        }
        return trimmed
    }
}

extension UAI {
    init(validating text: String, field: String) throws(InvalidField) {
        guard let uai = UAI(text) else {
            throw InvalidField(
                field,
                "« \(text.prefix(16)) » n'est pas un UAI (sept caractères et une lettre de contrôle)"
            )
        }
        self = uai
    }
}

extension SIRET {
    init(validating text: String, field: String) throws(InvalidField) {
        guard let siret = SIRET(text) else {
            throw InvalidField(
                field,
                "« \(text.prefix(20)) » n'est pas un SIRET (14 chiffres avec une clé de contrôle valide)"
            )
        }
        self = siret
    }
}

extension TradeCode {
    init(validating text: String, field: String) throws(InvalidField) {
        guard let code = TradeCode(text) else {
            throw InvalidField(
                field,
                "« \(text.prefix(16)) » n'est pas un code ROME (une majuscule et quatre chiffres)"
            )
        }
        self = code
    }
}
