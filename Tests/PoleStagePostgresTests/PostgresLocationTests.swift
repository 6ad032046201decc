import Testing

@testable import PoleStagePostgres

@Suite("Database URLs and schema names")
struct PostgresLocationTests {
    @Test("a URL gives host, port, user, password, database and TLS mode")
    func parse() throws {
        let location = try PostgresLocation(url: "postgres://pole:secret@db.example.org:6543/polestage?sslmode=require")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.username == "pole")
        #expect(location.password == "secret")
        #expect(location.database == "polestage")
        #expect(location.tls == .require)
        #expect(location.redacted == "postgres://pole@db.example.org:6543/polestage?sslmode=require")
        let plain = try PostgresLocation(url: "postgresql://pole@127.0.0.1/polestage", password: "from-env")
        #expect(plain.port == 5432 && plain.tls == .prefer && plain.password == "from-env")
    }

    @Test(
        "a URL that names no database is refused, saying what is missing",
        arguments: [
            ("mysql://pole@host/db", "a database URL starts with postgres://"),
            ("postgres://host/db", "the database URL names no user"),
            ("postgres://pole@/db", "the database URL names no host"),
            ("postgres://pole@host", "the database URL names no database"),
            ("postgres://pole@host/db?sslmode=sometimes", "sslmode must be disable, prefer or require"),
            ("postgres://pole@host/db?timeout=3", "the database URL's parameter 'timeout' is not known"),
        ]
    )
    func invalid(url: String, message: String) {
        #expect {
            try PostgresLocation(url: url)
        } throws: { error in
            (error as? PostgresLocation.Invalid)?.description.hasPrefix(message) == true
        }
    }

    @Test("schema names: the académie's, and one per basin that no two basins share")
    func schemaNames() {
        #expect(SchemaName.academy.rawValue == "academy")
        #expect(SchemaName.basin("chalon-tournus-louhans")?.rawValue == "basin_chalon_tournus_louhans")
        #expect(SchemaName.basin("x") == nil)
        #expect(SchemaName.basin("a_b") == nil)
        #expect(SchemaName("Academy") == nil)
        #expect(SchemaName("academy; DROP SCHEMA x") == nil)
        #expect(SchemaName(String(repeating: "a", count: 64)) == nil)
        #expect(SchemaName.academy.quoted == "\"academy\"")
    }
}
