import Foundation
package import PostgresNIO

/// Where a PostgreSQL database is, read from a URL: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`.
///
/// `sslmode` is `disable`, `prefer` (the default: TLS when the server offers it) or `require`. The password may also
/// come from the environment, so that it stays out of a command line: ``PostgresLocation/init(url:password:)``.
package struct PostgresLocation: Sendable, Equatable {
    package enum TLSMode: String, Sendable, Equatable {
        case disable
        case prefer
        case require
    }

    package var host: String
    package var port: Int
    package var username: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    /// Why a URL names no database.
    package struct Invalid: Error, Equatable, CustomStringConvertible {
        package var description: String
    }

    /// - Parameters:
    ///   - url: The database's URL.
    ///   - password: A password given apart from the URL (such as `PGPASSWORD`); the URL's own wins.
    package init(url: String, password: String? = nil) throws(Invalid) {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid(description: "a database URL starts with postgres:// (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "the database URL names no host (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard let username = components.user, !username.isEmpty else {
            throw Invalid(description: "the database URL names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "the database URL names no database (postgres://USER@HOST:PORT/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw Invalid(description: "the database URL's port is not 1 to 65535")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw Invalid(description: "sslmode must be disable, prefer or require")
                }
                tls = mode
            default:
                throw Invalid(description: "the database URL's parameter '\(item.name)' is not known: only sslmode is")
            }
        }
        self.host = host
        self.port = port
        self.username = username
        self.password = components.password ?? password
        self.database = database
        self.tls = tls
    }

    /// The URL without its password, for logs and messages.
    package var redacted: String {
        "postgres://\(self.username)@\(self.host):\(self.port)/\(self.database)?sslmode=\(self.tls.rawValue)"
    }

    /// The settings of a connection pool to this database.
    package func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(
            host: self.host,
            port: self.port,
            username: self.username,
            password: self.password,
            database: self.database,
            tls: tls
        )
    }
}
