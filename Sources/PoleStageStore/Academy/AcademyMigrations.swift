import GRDB

/// The academy store's schema. A shipped migration is never edited: a change is a new migration.
package enum AcademyMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: basins, schools, trades, companies, users") { db in
            try db.create(table: "basin") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("archived", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .integer).notNull()
            }
            try db.create(table: "school") { t in
                t.primaryKey("uai", .text)
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("commune", .text).notNull()
                t.belongsTo("basin", onDelete: .restrict).notNull()
                t.column("rep", .boolean).notNull()
                t.column("repPlus", .boolean).notNull()
                t.column("rural", .boolean).notNull()
                t.column("latitude", .double).notNull()
                t.column("longitude", .double).notNull()
            }
            try db.create(table: "trade") { t in
                t.primaryKey("code", .text)
                t.column("label", .text).notNull()
            }
            try db.create(table: "company") { t in
                t.primaryKey("siret", .text)
                t.column("name", .text).notNull()
                t.column("sector", .text).notNull()
                t.column("street", .text).notNull()
                t.column("postalCode", .text).notNull()
                t.column("commune", .text).notNull()
                t.column("latitude", .double).notNull()
                t.column("longitude", .double).notNull()
            }
            try db.create(table: "companyBasin") { t in
                t.column("siret", .text).notNull().references("company", onDelete: .cascade)
                t.column("basinId", .text).notNull().references("basin", onDelete: .cascade)
                t.primaryKey(["siret", "basinId"])
            }
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("role", .text).notNull()
                t.column("basinId", .text).references("basin")
                t.column("schoolUai", .text).references("school")
                t.column("companySiret", .text).references("company")
                t.column("active", .boolean).notNull().defaults(to: true)
                t.column("createdAt", .integer).notNull()
            }
            for (code, label) in romeTrades {
                try db.execute(sql: "INSERT INTO trade (code, label) VALUES (?, ?)", arguments: [code, label])
            }
        }
        migrator.registerMigration("v2: token revocations, audit log") { db in
            try db.create(table: "tokenRevocation") { t in
                t.primaryKey("tokenId", .text)
                t.column("revokedAt", .integer).notNull()
                t.column("revokedBy", .text).notNull()
            }
            // Who did what, when: ids only, never a pupil's data.
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .integer).notNull()
                t.column("userId", .text).notNull()
                t.column("role", .text).notNull()
                t.column("method", .text).notNull()
                t.column("basinId", .text)
                t.column("target", .text).notNull()
                t.column("outcome", .text).notNull()
            }
            try db.create(index: "audit_on_basinId", on: "audit", columns: ["basinId", "id"])
        }
        migrator.registerMigration("v3: issued tokens") { db in
            // Tokens issued before this migration are not listed, and cannot be revoked by id: reissue them.
            try db.create(table: "issuedToken") { t in
                t.primaryKey("tokenId", .text)
                t.column("userId", .text).notNull()
                t.column("role", .text).notNull()
                t.column("basinId", .text)
                t.column("schoolUai", .text)
                t.column("companySiret", .text)
                t.column("issuedAt", .integer).notNull()
                t.column("expiresAt", .integer).notNull()
            }
            try db.create(index: "issuedToken_on_userId", on: "issuedToken", columns: ["userId", "issuedAt"])
        }
        migrator.registerMigration("v4: the académie's resources of the good-practice space") { db in
            try PracticeTables.create(db)
        }
        migrator.registerMigration("v5: one-time invites and web sessions") { db in
            try db.execute(
                sql: """
                    -- A one-time sign-in link for a user; only the code's SHA-256 is kept.
                    CREATE TABLE invite (
                      codeHash TEXT PRIMARY KEY,
                      userId TEXT NOT NULL REFERENCES user(id),
                      createdBy TEXT NOT NULL,
                      createdAt INTEGER NOT NULL,
                      expiresAt INTEGER NOT NULL,
                      usedAt INTEGER);
                    -- Each refresh token of a web session (one row per rotation); only its SHA-256 is kept.
                    CREATE TABLE webSession (
                      tokenHash TEXT PRIMARY KEY,
                      sessionId TEXT NOT NULL,
                      userId TEXT NOT NULL,
                      role TEXT NOT NULL,
                      basinId TEXT,
                      schoolUai TEXT,
                      companySiret TEXT,
                      rosterId INTEGER,
                      createdAt INTEGER NOT NULL,
                      expiresAt INTEGER NOT NULL,
                      usedAt INTEGER,
                      revokedAt INTEGER);
                    CREATE INDEX webSession_on_sessionId ON webSession(sessionId);
                    """
            )
        }
        return migrator
    }

    /// Trades of the ROME nomenclature that the basins' schools place pupils in.
    package static let romeTrades: [(String, String)] = [
        ("A1203", "Aménagement et entretien des espaces verts"),
        ("A1414", "Horticulture et maraîchage"),
        ("A1416", "Polyculture, élevage"),
        ("D1101", "Boucherie"),
        ("D1102", "Boulangerie - viennoiserie"),
        ("D1104", "Pâtisserie, confiserie, chocolaterie et glacerie"),
        ("D1106", "Vente en alimentation"),
        ("D1202", "Coiffure"),
        ("D1208", "Soins esthétiques et corporels"),
        ("D1507", "Mise en rayon libre-service"),
        ("E1205", "Réalisation de contenus multimédias"),
        ("F1602", "Électricité bâtiment"),
        ("F1603", "Installation d'équipements sanitaires et thermiques"),
        ("F1703", "Maçonnerie"),
        ("G1602", "Personnel de cuisine"),
        ("G1703", "Réception en hôtellerie"),
        ("G1803", "Service en restauration"),
        ("H2206", "Réalisation de menuiserie bois et tonnellerie"),
        ("H2909", "Montage-assemblage mécanique"),
        ("H2913", "Soudage manuel"),
        ("I1304", "Installation et maintenance d'équipements industriels et d'exploitation"),
        ("I1604", "Mécanique automobile"),
        ("I1606", "Réparation de carrosserie"),
        ("J1501", "Soins d'hygiène, de confort du patient"),
        ("K1302", "Assistance auprès d'adultes"),
        ("K1303", "Assistance auprès d'enfants"),
        ("M1203", "Comptabilité"),
        ("M1607", "Secrétariat"),
        ("M1805", "Études et développement informatique"),
        ("N1103", "Magasinage et préparation de commandes"),
        ("N4101", "Conduite de transport de marchandises sur longue distance"),
    ]
}
