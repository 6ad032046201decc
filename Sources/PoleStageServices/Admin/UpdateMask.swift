import PoleStageProto
import SwiftProtobuf

/// Which fields of a `SchoolDetails` or `CompanyDetails` an update changes: those its `update_mask` names, or, with no
/// mask, those set to a value other than their default (docs/admin.md, "Updates").
struct UpdateMask {
    let paths: Set<String>

    /// - Parameters:
    ///   - mask: The request's mask; `nil` when it has none.
    ///   - fields: Every field an update may change, by its `.proto` name.
    ///   - key: The key field, which names the record and never changes.
    ///   - populated: The fields the request sets to a value other than their default.
    /// - Throws: ``InvalidField`` for a path that is not a field, or that names the key.
    init(
        _ mask: Google_Protobuf_FieldMask?,
        fields: [String],
        key: String,
        populated: Set<String>
    ) throws(InvalidField) {
        guard let mask else {
            self.paths = populated
            return
        }
        for path in mask.paths {
            if path == key {
                throw InvalidField("update_mask", "« \(key) » désigne l'enregistrement et ne peut pas changer")
            }
            guard fields.contains(path) else {
                throw InvalidField(
                    "update_mask",
                    "« \(path.prefix(40)) » n'est pas un champ ; utilisez \(fields.joined(separator: ", "))"
                )
            }
        }
        self.paths = Set(mask.paths)
    }

    func contains(_ field: String) -> Bool { self.paths.contains(field) }
}

extension Polestage_Admin_V1_SchoolDetails {
    static let updatableFields = [
        "name", "type", "commune", "basin_id", "rep", "rep_plus", "rural", "latitude", "longitude",
    ]

    /// A valid school that an update's fields are laid over to check them before the stored school is read.
    static func template(_ uai: String) -> Self {
        .with {
            $0.uai = uai
            $0.name = "-"
            $0.type = "college"
            $0.commune = "-"
            $0.basinID = "basin"
            $0.latitude = 45
            $0.longitude = 5
        }
    }

    /// `current` with the fields of this request that `mask` names.
    func applied(to current: Polestage_Admin_V1_SchoolDetails) throws(InvalidField) -> Polestage_Admin_V1_SchoolDetails
    {
        var populated: Set<String> = []
        if !self.name.isEmpty { populated.insert("name") }
        if !self.type.isEmpty { populated.insert("type") }
        if !self.commune.isEmpty { populated.insert("commune") }
        if !self.basinID.isEmpty { populated.insert("basin_id") }
        if self.rep { populated.insert("rep") }
        if self.repPlus { populated.insert("rep_plus") }
        if self.rural { populated.insert("rural") }
        if self.latitude != 0 { populated.insert("latitude") }
        if self.longitude != 0 { populated.insert("longitude") }
        let mask = try UpdateMask(
            self.hasUpdateMask ? self.updateMask : nil,
            fields: Self.updatableFields,
            key: "uai",
            populated: populated
        )
        var merged = current
        if mask.contains("name") { merged.name = self.name }
        if mask.contains("type") { merged.type = self.type }
        if mask.contains("commune") { merged.commune = self.commune }
        if mask.contains("basin_id") { merged.basinID = self.basinID }
        if mask.contains("rep") { merged.rep = self.rep }
        if mask.contains("rep_plus") { merged.repPlus = self.repPlus }
        if mask.contains("rural") { merged.rural = self.rural }
        if mask.contains("latitude") { merged.latitude = self.latitude }
        if mask.contains("longitude") { merged.longitude = self.longitude }
        // REP and REP+ exclude each other: setting one clears the other unless both are named.
        if mask.contains("rep"), self.rep, !mask.contains("rep_plus") { merged.repPlus = false }
        if mask.contains("rep_plus"), self.repPlus, !mask.contains("rep") { merged.rep = false }
        return merged
    }
}

extension Polestage_Admin_V1_CompanyDetails {
    static let updatableFields = [
        "name", "sector", "street", "postal_code", "commune", "latitude", "longitude", "basin_ids",
    ]

    /// A valid company that an update's fields are laid over to check them before the stored company is read.
    static func template(_ siret: String) -> Self {
        .with {
            $0.siret = siret
            $0.name = "-"
            $0.sector = "56.10A"
            $0.street = "-"
            $0.postalCode = "71100"
            $0.commune = "-"
            $0.latitude = 45
            $0.longitude = 5
        }
    }

    /// `current` with the fields of this request that `mask` names.
    func applied(to current: Polestage_Admin_V1_CompanyDetails) throws(InvalidField)
        -> Polestage_Admin_V1_CompanyDetails
    {
        var populated: Set<String> = []
        if !self.name.isEmpty { populated.insert("name") }
        if !self.sector.isEmpty { populated.insert("sector") }
        if !self.street.isEmpty { populated.insert("street") }
        if !self.postalCode.isEmpty { populated.insert("postal_code") }
        if !self.commune.isEmpty { populated.insert("commune") }
        if self.latitude != 0 { populated.insert("latitude") }
        if self.longitude != 0 { populated.insert("longitude") }
        if !self.basinIds.isEmpty { populated.insert("basin_ids") }
        let mask = try UpdateMask(
            self.hasUpdateMask ? self.updateMask : nil,
            fields: Self.updatableFields,
            key: "siret",
            populated: populated
        )
        var merged = current
        if mask.contains("name") { merged.name = self.name }
        if mask.contains("sector") { merged.sector = self.sector }
        if mask.contains("street") { merged.street = self.street }
        if mask.contains("postal_code") { merged.postalCode = self.postalCode }
        if mask.contains("commune") { merged.commune = self.commune }
        if mask.contains("latitude") { merged.latitude = self.latitude }
        if mask.contains("longitude") { merged.longitude = self.longitude }
        if mask.contains("basin_ids") { merged.basinIds = self.basinIds }
        return merged
    }
}
