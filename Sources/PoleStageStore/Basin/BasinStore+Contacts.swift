import GRDB

extension BasinStore {
    public typealias ContactCheck = @Sendable (Contact) throws -> Void

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
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM contact WHERE tradeCode = ? ORDER BY name, id",
                        arguments: [trade.rawValue]
                    )
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY tradeCode, name, id")
                }
            return rows.compactMap(Self.contact(row:))
        }
    }

    static func requireContact(_ db: Database, id: Int64) throws -> Contact {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM contact WHERE id = ?", arguments: [id]),
            let contact = contact(row: row)
        else { throw StoreError.notFound("contact \(id)") }
        return contact
    }

    static func contact(row: Row) -> Contact? {
        guard let trade = TradeCode(row["tradeCode"]), let company = SIRET(row["companySiret"]) else { return nil }
        return Contact(
            id: row["id"],
            details: ContactDetails(
                trade: trade,
                company: company,
                name: row["name"],
                function: row["function"],
                email: row["email"],
                phone: row["phone"]
            ),
            companyName: row["companyName"]
        )
    }
}
