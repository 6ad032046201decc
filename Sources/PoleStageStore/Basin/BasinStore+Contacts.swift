import GRDB

extension BasinStore {
    public func addContact(_ details: ContactDetails, companyName: String) async throws -> Contact {
        try await self.write { db in
            try db.execute(
                sql: """
                    INSERT INTO contact (tradeCode, companySiret, companyName, name, function, email, phone)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    details.trade.rawValue, details.company.rawValue, companyName, details.name, details.function,
                    details.email, details.phone,
                ]
            )
            return try Self.requireContact(db, id: db.lastInsertedRowID)
        }
    }

    /// Replaces a contact's details; `check` runs on the stored contact first.
    public func updateContact(
        _ id: Int64,
        _ details: ContactDetails,
        companyName: String,
        check: @escaping ContactCheck
    )
        async throws -> Contact
    {
        try await self.write { db in
            try check(try Self.requireContact(db, id: id))
            try db.execute(
                sql: """
                    UPDATE contact SET tradeCode = ?, companySiret = ?, companyName = ?, name = ?, function = ?, email = ?,
                      phone = ?
                    WHERE id = ?
                    """,
                arguments: [
                    details.trade.rawValue, details.company.rawValue, companyName, details.name, details.function,
                    details.email, details.phone, id,
                ]
            )
            return try Self.requireContact(db, id: id)
        }
    }

    /// Removes a contact and returns what it was; `check` runs on the stored contact first.
    public func removeContact(_ id: Int64, check: @escaping ContactCheck) async throws -> Contact {
        try await self.write { db in
            let contact = try Self.requireContact(db, id: id)
            try check(contact)
            try db.execute(sql: "DELETE FROM contact WHERE id = ?", arguments: [id])
            return contact
        }
    }

    /// The basin's contacts, by trade then name; one trade's only when given.
    public func contacts(trade: TradeCode?) async throws -> [Contact] {
        try await self.read { db in
            let rows =
                if let trade {
                    try SQLRequest<Row>(
                        literal: "SELECT * FROM contact WHERE tradeCode = \(trade.rawValue) ORDER BY name, id"
                    ).fetchAll(db)
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY tradeCode, name, id")
                }
            return try rows.map(Self.contact(row:))
        }
    }

    static func requireContact(_ db: Database, id: Int64) throws -> Contact {
        guard let row = try SQLRequest<Row>(literal: "SELECT * FROM contact WHERE id = \(id)").fetchOne(db) else {
            throw StoreError.notFound("contact \(id)")
        }
        return try contact(row: row)
    }

    static func contact(row: Row) throws -> Contact {
        let stored = StoredRow(row, table: "contact", key: "id")
        return Contact(
            id: try stored.decode("id"),
            details: ContactDetails(
                trade: try stored.decode("tradeCode", as: TradeCode.init),
                company: try stored.decode("companySiret", as: SIRET.init),
                name: try stored.decode("name"),
                function: try stored.decode("function"),
                email: try stored.decode("email"),
                phone: try stored.decode("phone")
            ),
            companyName: try stored.decode("companyName")
        )
    }
}
