package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: ContactStorage {
    package func addContact(_ details: ContactDetails, companyName: String) async throws -> Contact {
        try await self.write { t in
            let rows = try await t.rows(
                """
                INSERT INTO \(unescaped: t.tables.contact) (trade_code, company_siret, company_name, name, function, email,
                  phone)
                VALUES (\(details.trade.rawValue), \(details.company.rawValue), \(companyName), \(details.name),
                  \(details.function), \(details.email), \(details.phone))
                RETURNING id
                """
            )
            guard let id = try rows.first?.decode(Int64.self) else { throw StoreError.corrupt("a contact got no id") }
            return Contact(id: id, details: details, companyName: companyName)
        }
    }

    package func updateContact(
        _ id: Int64,
        _ details: ContactDetails,
        companyName: String,
        check: @escaping ContactCheck
    ) async throws -> Contact {
        try await self.write { t in
            try check(try await t.requireContact(id))
            try await t.execute(
                """
                UPDATE \(unescaped: t.tables.contact) SET trade_code = \(details.trade.rawValue),
                  company_siret = \(details.company.rawValue), company_name = \(companyName), name = \(details.name),
                  function = \(details.function), email = \(details.email), phone = \(details.phone)
                WHERE id = \(id)
                """
            )
            return Contact(id: id, details: details, companyName: companyName)
        }
    }

    package func removeContact(_ id: Int64, check: @escaping ContactCheck) async throws -> Contact {
        try await self.write { t in
            let contact = try await t.requireContact(id)
            try check(contact)
            try await t.execute("DELETE FROM \(unescaped: t.tables.contact) WHERE id = \(id)")
            return contact
        }
    }

    package func contacts(trade: TradeCode?) async throws -> [Contact] {
        try await self.read { r in
            let columns = BasinReader.contactColumns
            let query: PostgresQuery =
                if let trade {
                    """
                    SELECT \(unescaped: columns) FROM \(unescaped: r.tables.contact)
                    WHERE trade_code = \(trade.rawValue) ORDER BY name COLLATE "C", id
                    """
                } else {
                    "SELECT \(unescaped: columns) FROM \(unescaped: r.tables.contact) ORDER BY trade_code COLLATE \"C\", name COLLATE \"C\", id"
                }
            return try await r.rows(query).map(BasinReader.contact(from:))
        }
    }
}

extension BasinQueries {
    static var contactColumns: String { "id, trade_code, company_siret, company_name, name, function, email, phone" }

    func requireContact(_ id: Int64) async throws -> Contact {
        let rows = try await self.rows(
            "SELECT \(unescaped: Self.contactColumns) FROM \(unescaped: self.tables.contact) WHERE id = \(id)"
        )
        guard let row = rows.first else { throw StoreError.notFound("contact \(id)") }
        return try Self.contact(from: row)
    }

    static func contact(from row: PostgresRow) throws -> Contact {
        let (id, trade, company, companyName, name, function, email, phone) = try row.decode(
            (Int64, String, String, String, String, String, String, String).self
        )
        guard let trade = TradeCode(trade), let company = SIRET(company) else {
            throw StoreError.corrupt("contact \(id): its trade or SIRET is not valid")
        }
        return Contact(
            id: id,
            details: ContactDetails(
                trade: trade,
                company: company,
                name: name,
                function: function,
                email: email,
                phone: phone
            ),
            companyName: companyName
        )
    }
}
