import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// The columns of a company import, in order; `basins` separates basin ids with `;`.
    static let companyColumns = [
        "SIRET", "name", "sector", "street", "postal_code", "commune", "latitude", "longitude", "basins",
    ]

    package func createCompany(
        request: Polestage_Admin_V1_CompanyDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Company {
        try await self.audited(
            target: "company \(Self.auditID(request.siret))"
        ) { caller in
            let company = try Company(validating: request)
            if case .animator(_, let own) = caller.principal, company.basins != [own] {
                throw AccessDenied.notYours("un animateur n'ajoute des entreprises qu'à son propre bassin \(own)")
            }
            try await self.academy.createCompany(company)
            return company.proto
        }
    }

    package func updateCompany(
        request: Polestage_Admin_V1_CompanyDetails,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Company {
        try await self.audited(
            target: "company \(Self.auditID(request.siret))"
        ) { caller in
            let siret = try SIRET(validating: request.siret, field: "siret")
            // Only the fields named change: the others keep their stored value.
            // The fields given are checked before any read: a bad value is INVALID_ARGUMENT even for an unknown company.
            _ = try Company(
                validating: try request.applied(to: Polestage_Admin_V1_CompanyDetails.template(siret.rawValue))
            )
            let company = try await self.academy.updateCompany(siret) { current in
                let company = try Company(validating: try request.applied(to: current.proto.details))
                guard case .animator(_, let own) = caller.principal else { return company }
                guard current.basins.contains(own) || company.basins.contains(own) else {
                    throw AccessDenied.notYours("l'entreprise \(company.siret) n'est pas partenaire du bassin \(own)")
                }
                guard current.basins.subtracting([own]) == company.basins.subtracting([own]) else {
                    throw AccessDenied.notYours("un animateur ne change que les partenaires de son propre bassin")
                }
                return company
            }
            return company.proto
        }
    }

    package func searchCompanies(
        request: Polestage_Admin_V1_SearchCompaniesRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_CompanyList {
        try await self.audited(
            basin: request.basinID,
            target: "companies"
        ) { _ in
            let query = try Text.optional(request.query, field: "query", max: 100)
            let basin = request.basinID.isEmpty ? nil : try BasinID(validating: request.basinID, field: "basin_id")
            let size = request.pageSize == 0 ? 50 : Int(request.pageSize)
            guard (1...200).contains(size) else { throw InvalidField("page_size", "doit être entre 1 et 200") }
            var offset = 0
            if !request.pageToken.isEmpty {
                guard let value = Int(request.pageToken), value >= 0 else {
                    throw InvalidField("page_token", "n'est pas un jeton d'une page précédente")
                }
                offset = value
            }
            let companies = try await self.academy.searchCompanies(
                query: query,
                basin: basin,
                limit: size,
                offset: offset
            )
            return .with {
                $0.companies = companies.map(\.proto)
                $0.nextPageToken = companies.count == size ? String(offset + size) : ""
            }
        }
    }

    package func importCompanies(
        request: Polestage_Admin_V1_ImportRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_ImportReport {
        try await self.audited(
            target: "companies import",
            outcome: \.auditOutcome
        ) { _ in
            let basins = Set(try await self.academy.basins().map(\.id))
            let csv = CSVImport<Company>(columns: Self.companyColumns, keyColumn: "SIRET", key: \.siret.rawValue) {
                record in
                let company = try Self.company(record)
                if let unknown = company.basins.subtracting(basins).sorted().first {
                    throw InvalidField("basins", "aucun bassin « \(unknown) »")
                }
                return company
            }
            return try await csv.run(request) { companies in try await self.academy.importCompanies(companies) }
        }
    }

    package func mergeCompanies(
        request: Polestage_Admin_V1_MergeCompaniesRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_MergeReport {
        try await self.audited(
            target: "company \(Self.auditID(request.duplicateSiret)) into \(Self.auditID(request.keptSiret))"
        ) { _ in
            let kept = try SIRET(validating: request.keptSiret, field: "kept_siret")
            let duplicate = try SIRET(validating: request.duplicateSiret, field: "duplicate_siret")
            guard kept != duplicate else { throw InvalidField("duplicate_siret", "doit différer de kept_siret") }
            guard let keptCompany = try await self.academy.company(kept) else {
                throw StoreError.notFound("entreprise \(kept)")
            }
            guard try await self.academy.company(duplicate) != nil else {
                throw StoreError.notFound("entreprise \(duplicate)")
            }
            // Every basin's offers first: were the merge to stop half-way, running it again finishes it.
            var offers = 0
            var contacts = 0
            for basin in try await self.academy.basins() where try await self.basins.exists(basin.id) {
                let moved = try await self.basins.storage(for: basin.id).moveCompany(
                    from: duplicate,
                    to: kept,
                    name: keptCompany.name
                )
                offers += moved.offers
                contacts += moved.contacts
            }
            let merged = try await self.academy.mergeCompany(duplicate, into: kept)
            return .with {
                $0.kept = merged.proto
                $0.offersMoved = Int64(offers)
                $0.contactsMoved = Int64(contacts)
            }
        }
    }

    /// A CSV line as a company: messages name the CSV's columns, and every column that breaks its rule.
    static func company(_ record: CSVTable.Record) throws -> Company {
        let fields = record.fields
        guard fields.count == Self.companyColumns.count else {
            throw InvalidField("line", "a \(fields.count) colonnes, \(Self.companyColumns.count) attendues")
        }
        var cells = FieldChecks()
        let latitude = cells.check { () throws(InvalidField) in try CSVCell.double(fields[6], column: "latitude") }
        let longitude = cells.check { () throws(InvalidField) in try CSVCell.double(fields[7], column: "longitude") }
        let details = Polestage_Admin_V1_CompanyDetails.with {
            $0.siret = fields[0].trimmingCharacters(in: .whitespaces)
            $0.name = fields[1]
            $0.sector = fields[2]
            $0.street = fields[3]
            $0.postalCode = fields[4]
            $0.commune = fields[5]
            // An unreadable coordinate has its own reason: the location is then not reported as missing too.
            $0.latitude = latitude ?? (longitude == nil ? 1 : 0.5)
            $0.longitude = longitude ?? 1
            $0.basinIds = fields[8].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        let columns = ["siret": "SIRET", "basin_ids": "basins"]
        return try Self.combining(cells) { () throws(InvalidFields) in
            try Company(validating: details) { columns[$0] ?? $0 }
        }
    }
}
