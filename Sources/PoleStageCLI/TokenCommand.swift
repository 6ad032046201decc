import ArgumentParser
import Foundation
import PoleStageAuth
import PoleStageStore

/// `polestage token`: issues a token with the server's signing key, for operators.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue a token signed with the server's key (same --config, --data or --signing-key as `serve`)."
    )

    @OptionGroup var storage: StorageOptions

    @Option(help: "coordinator, animator, school, company or pupil.")
    var role: String

    @Option(help: "The user id carried in the token (opaque; never a name).")
    var user: String

    @Option(help: "The animator's basin id.")
    var basin: String?

    @Option(help: "The UAI of the school (school and pupil roles).")
    var school: String?

    @Option(help: "The SIRET of the company (company role).")
    var company: String?

    @Option(help: "Lifetime in hours.")
    var hours = 24

    func run() async throws {
        guard let role = Role(rawValue: self.role) else {
            throw ValidationError(
                "--role: '\(self.role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard self.hours > 0 else { throw ValidationError("--hours must be positive") }
        let basin = try self.basin.map { text throws(ValidationError) in
            guard let basin = BasinID(text) else { throw ValidationError("--basin: '\(text)' is not a basin id") }
            return basin
        }
        let school = try self.school.map { text throws(ValidationError) in
            guard let school = UAI(text) else { throw ValidationError("--school: '\(text)' is not a valid UAI") }
            return school
        }
        let company = try self.company.map { text throws(ValidationError) in
            guard let company = SIRET(text) else { throw ValidationError("--company: '\(text)' is not a valid SIRET") }
            return company
        }
        let principal: Principal
        do {
            principal = try Principal(role: role, user: self.user, basin: basin, school: school, company: company)
        } catch {
            throw ValidationError("--\(error.scope.rawValue): the \(role.rawValue) role needs \(error.needed)")
        }
        let layers = try self.storage.layers()
        var keys = try layers.signingKeys()
        if keys.isEmpty {
            let file = layers.dataDirectory.appendingPathComponent("secrets/signing-keys")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw ValidationError(
                    "no --signing-key given and no key file at \(file.path): start the server once first"
                )
            }
            keys = try SigningKey.parseKeyFile(text)
        }
        let authority = try await TokenAuthority(keys: keys, signingKeyID: layers.string(.signingKeyID))
        let lifetime = Duration.seconds(self.hours * 3600)
        // Recorded in the data folder's academy store when there is one, so that `polestage-admin token list` shows it
        // and `token revoke` finds it (SQLite's WAL lets this process write beside a running server).
        let academyFile = layers.dataDirectory.appendingPathComponent("academy.sqlite")
        let issued: IssuedToken
        var note = ""
        if FileManager.default.fileExists(atPath: academyFile.path) {
            let academy = try AcademyStore(configuration: StoreConfiguration(directory: layers.dataDirectory))
            defer { try? academy.close() }
            issued = try await authority.issueRecordedToken(for: principal, lifetime: lifetime, in: academy)
        } else {
            issued = try await authority.issueToken(for: principal, lifetime: lifetime)
            note = " (not recorded: no academy store in \(layers.dataDirectory.path), so it cannot be revoked by id)"
        }
        // The token alone on standard output, for scripts; its id beside it on standard error.
        FileHandle.standardOutput.write(Data((issued.token + "\n").utf8))
        FileHandle.standardError.write(Data("token id: \(issued.id)\(note)\n".utf8))
    }
}
