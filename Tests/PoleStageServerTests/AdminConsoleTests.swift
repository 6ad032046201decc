import Foundation
import PoleStageStore
import PoleStageTesting
import Testing

/// The `polestage-admin` executable, run as a process against the real `polestage serve --demo`.
@Suite("polestage-admin console")
struct AdminConsoleTests {
    /// The built `polestage-admin` binary, beside `polestage`.
    static var executable: URL {
        ExecutableTests.executable.deletingLastPathComponent().appendingPathComponent("polestage-admin")
    }

    /// Runs `polestage-admin` to its end, with `POLESTAGE_URL` and `POLESTAGE_TOKEN` set when given.
    static func admin(_ arguments: [String], url: String? = nil, token: String? = nil) async throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["POLESTAGE_URL"] = url
        environment["POLESTAGE_TOKEN"] = token
        return try await runToEnd(Self.executable, arguments, environment: environment)
    }

    static func schoolsCSV(_ lines: [String]) -> String {
        (["UAI,name,type,commune,basin,rep,rep_plus,rural,latitude,longitude"] + lines).joined(separator: "\n") + "\n"
    }

    static func schoolLine(_ index: Int, basin: String = "chalon-tournus-louhans") -> String {
        let body = "08" + String(format: "%05d", index)
        return "\(body)\(UAI.checkLetter(for: body)!),Collège \(index),college,Chalon,\(basin),0,0,1,46.78,4.85"
    }

    /// A valid SIRET numbered `index`.
    static func siret(_ index: Int) -> String {
        let body = "5" + String(format: "%012d", index)
        return body + String(SIRET.checkDigit(for: body)!)
    }

    @Test("usage errors exit 2 with a message on standard error, before any connection")
    func usage() async throws {
        let unknown = try await Self.admin(["basin", "explode"])
        #expect(unknown.code == 2)
        #expect(unknown.err.contains("explode"), "\(unknown.err)")
        let noToken = try await Self.admin(["basin", "list"])
        #expect(noToken.code == 2)
        #expect(noToken.err.contains("no token: pass --token or set POLESTAGE_TOKEN"), "\(noToken.err)")
        let badURL = try await Self.admin(["basin", "list", "--url", "http://x", "--token", "t"])
        #expect(badURL.code == 2 && badURL.err.contains("is not a ws:// or wss:// URL"))
        let help = try await Self.admin(["--help"])
        #expect(help.code == 0 && help.out.contains("basin") && help.out.contains("audit"))
    }

    @Test("every command against a real server: tables, --json, imports with progress, RPC errors exit 1")
    func endToEnd() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let server = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, before) = try await server.waitUntilListening()
            let tokens = ExecutableTests.tokens(in: before)
            let coordinator = try #require(tokens["coordinator"])
            let animator = try #require(tokens["animator"])
            func run(_ arguments: [String], token: String? = coordinator) async throws -> Outcome {
                try await Self.admin(arguments, url: url, token: token)
            }

            let list = try await run(["basin", "list"])
            #expect(list.code == 0, "\(list.err)")
            #expect(
                list.out.hasPrefix("ID ") && list.out.contains("ÉTABLISSEMENTS")
                    && list.out.contains("chalon-tournus-louhans"),
                "\(list.out)"
            )

            let created = try await run(["basin", "create", "macon-test", "Mâcon test", "--json"])
            #expect(created.code == 0, "\(created.err)")
            let json = try JSONSerialization.jsonObject(with: Data(created.out.utf8)) as? [String: Any]
            #expect(json?["id"] as? String == "macon-test" && json?["name"] as? String == "Mâcon test")
            let renamed = try await run(["basin", "rename", "macon-test", "Mâcon"])
            #expect(renamed.code == 0 && renamed.out.contains("Mâcon"))

            // RPC errors: exit 1, the status named on standard error.
            let refused = try await run(["basin", "create", "other", "Other"], token: animator)
            #expect(refused.code == 1)
            #expect(
                refused.err.contains("PERMISSION_DENIED: le rôle « animation » ne peut pas créer un bassin"),
                "\(refused.err)"
            )
            // An invite: a French table with the link on the server's web address.
            let invite = try await run(["invite", "animator", "--basin", "macon-test"])
            #expect(invite.code == 0, "\(invite.err)")
            #expect(invite.out.hasPrefix("UTILISATEUR") && invite.out.contains("animation"), "\(invite.out)")
            let origin = url.replacingOccurrences(of: "ws://", with: "http://").replacingOccurrences(
                of: "/grpc",
                with: ""
            )
            #expect(invite.out.contains("\(origin)/dashboard/#invite="), "\(invite.out)")
            let notAnimators = try await run(["invite", "animator", "--basin", "macon-test"], token: animator)
            #expect(notAnimators.code == 1 && notAnimators.err.contains("la coordination invite les animateurs"))
            let duplicate = try await run(["basin", "create", "macon-test", "Again"])
            #expect(duplicate.code == 1 && duplicate.err.contains("ALREADY_EXISTS"), "\(duplicate.err)")
            let invalid = try await run(["basin", "create", "Bad Id", "X"])
            #expect(invalid.code == 1 && invalid.err.contains("INVALID_ARGUMENT: id :"), "\(invalid.err)")

            // School imports: a report of rejected lines; all-or-nothing writes nothing.
            let folder = URL(fileURLWithPath: data)
            let small = folder.appendingPathComponent("schools.csv")
            try Self.schoolsCSV([
                Self.schoolLine(1), "0800002Z,Collège X,college,Chalon,chalon-tournus-louhans,0,0,0,46.7,4.8",
                Self.schoolLine(3),
            ])
            .write(to: small, atomically: true, encoding: .utf8)
            // A rejected line makes the import exit 1, whatever was written.
            let strict = try await run(["school", "import", small.path, "--all-or-nothing", "--json"])
            #expect(strict.code == 1, "\(strict.err)")
            #expect(strict.out.contains("\"rejected\"") && !strict.out.contains("\"committed\""), "\(strict.out)")
            let imported = try await run(["school", "import", small.path])
            #expect(imported.code == 1, "\(imported.err)")
            #expect(imported.out.contains("3 lignes, 2 créées, 0 mises à jour, 1 rejetées"), "\(imported.out)")
            #expect(
                imported.out.split(separator: "\n").contains {
                    $0.hasPrefix("3 ") && $0.contains("UAI : « 0800002Z » n'est pas un UAI")
                },
                "\(imported.out)"
            )
            #expect(imported.err.contains("import de 3 lignes"), "\(imported.err)")
            let missing = try await run(["school", "import", folder.appendingPathComponent("none.csv").path])
            #expect(missing.code == 1 && missing.err.contains("impossible de lire"), "\(missing.err)")

            let long = folder.appendingPathComponent("long.csv")
            try Self.schoolsCSV((100..<2600).map { Self.schoolLine($0) }).write(
                to: long,
                atomically: true,
                encoding: .utf8
            )
            let big = try await run(["school", "import", long.path])
            #expect(big.code == 0, "\(big.err)")
            #expect(
                big.err.contains("avancement : 1000/2500 lignes") && big.err.contains("avancement : 2500/2500 lignes"),
                "\(big.err)"
            )
            #expect(big.out.contains("2500 lignes, 2500 créées, 0 mises à jour, 0 rejetées"), "\(big.out)")

            let school = try await run([
                "school", "create", Self.schoolLine(9).prefix(8).description, "--name", "Collège Neuf", "--commune",
                "Chalon", "--basin", "chalon-tournus-louhans", "--rep", "--latitude", "46.78", "--longitude", "4.85",
            ])
            #expect(
                school.code == 0 && school.out.contains("Collège Neuf") && school.out.contains("REP"),
                "\(school.err)"
            )

            let schoolUAI = String(Self.schoolLine(9).prefix(8))
            let updatedSchool = try await run([
                "school", "update", schoolUAI, "--name", "Collège Neuf", "--commune", "Chalon", "--basin",
                "chalon-tournus-louhans", "--rural", "--latitude", "46.78", "--longitude", "4.85",
            ])
            #expect(updatedSchool.code == 0 && updatedSchool.out.contains("REP,rural"), "\(updatedSchool.err)")
            // Only the options given change: a rename keeps the flags; --no-rural clears one.
            let renamedSchool = try await run(["school", "update", schoolUAI, "--name", "Collège Renommé"])
            #expect(renamedSchool.code == 0, "\(renamedSchool.err)")
            #expect(renamedSchool.out.contains("Collège Renommé"), "\(renamedSchool.out)")
            #expect(renamedSchool.out.contains("REP,rural"), "\(renamedSchool.out)")
            let notRural = try await run(["school", "update", schoolUAI, "--no-rural"])
            #expect(notRural.code == 0 && !notRural.out.contains("rural") && notRural.out.contains("REP"))
            let schoolUser = try await run([
                "animator", "user", "u-school-console", "--role", "school", "--school", schoolUAI,
            ])
            #expect(schoolUser.code == 0 && schoolUser.out.contains(schoolUAI), "\(schoolUser.err)")

            // The company directory: create, update, import, merge, search.
            let kept = Self.siret(1)
            let other = Self.siret(2)
            func company(_ command: String, name: String) async throws -> Outcome {
                try await run([
                    "company", command, kept, "--name", name, "--sector", "45.20A", "--street", "1 rue du Port",
                    "--postal-code", "71100", "--commune", "Chalon", "--latitude", "46.78", "--longitude", "4.85",
                    "--basin", "chalon-tournus-louhans",
                ])
            }
            let createdCompany = try await company("create", name: "Garage Console")
            #expect(createdCompany.code == 0 && createdCompany.out.contains("Garage Console"), "\(createdCompany.err)")
            let updatedCompany = try await company("update", name: "Garage Console Centre")
            #expect(updatedCompany.code == 0 && updatedCompany.out.contains("Garage Console Centre"))
            let companiesFile = folder.appendingPathComponent("companies.csv")
            try [
                "SIRET,name,sector,street,postal_code,commune,latitude,longitude,basins",
                "\(other),Garage Console bis,45.20A,1 rue du Port,71100,Chalon,46.78,4.85,chalon-tournus-louhans",
                "12345678901234,Faux,45.20A,1 rue du Port,71100,Chalon,46.78,4.85,chalon-tournus-louhans",
            ].joined(separator: "\n").write(to: companiesFile, atomically: true, encoding: .utf8)
            let importedCompanies = try await run(["company", "import", companiesFile.path])
            #expect(importedCompanies.code == 1, "\(importedCompanies.err)")
            #expect(
                importedCompanies.out.contains("2 lignes, 1 créées, 0 mises à jour, 1 rejetées"),
                "\(importedCompanies.out)"
            )
            #expect(importedCompanies.out.contains("SIRET : « 12345678901234 » n'est pas un SIRET"))
            let merged = try await run(["company", "merge", kept, other])
            #expect(merged.code == 0 && merged.out.contains(kept), "\(merged.err)")
            let found = try await run(["company", "search", "garage console", "--json"])
            #expect(found.code == 0 && found.out.contains(kept) && !found.out.contains(other), "\(found.out)")

            // Users and tokens: a revoked token is refused.
            let user = try await run(["animator", "create", "u-console", "--basin", "macon-test"])
            #expect(user.code == 0 && user.out.contains("u-console"), "\(user.err)")
            let assigned = try await run(["animator", "assign", "u-console", "chalon-tournus-louhans"])
            #expect(assigned.code == 0 && assigned.out.contains("chalon-tournus-louhans"), "\(assigned.err)")
            let issued = try await run(["token", "issue", "u-console", "--json"])
            #expect(issued.code == 0, "\(issued.err)")
            let token = try #require(try JSONSerialization.jsonObject(with: Data(issued.out.utf8)) as? [String: Any])
            let newToken = try #require(token["token"] as? String)
            let tokenID = try #require(token["token_id"] as? String)
            let mine = try await run(["basin", "list"], token: newToken)
            #expect(mine.code == 0 && mine.out.contains("chalon-tournus-louhans") && !mine.out.contains("macon-test"))
            let listed = try await run(["token", "list", "u-console"])
            #expect(listed.code == 0 && listed.out.hasPrefix("ID DU JETON"), "\(listed.err)")
            #expect(listed.out.contains(tokenID) && listed.out.contains("chalon-tournus-louhans"), "\(listed.out)")
            let revoked = try await run(["token", "revoke", tokenID])
            #expect(revoked.code == 0 && revoked.out.contains(tokenID), "\(revoked.err)")
            let unknown = try await run(["token", "revoke", "no-such-token"])
            #expect(unknown.code == 1, "\(unknown.err)")
            #expect(unknown.err.contains("NOT_FOUND: jeton no-such-token : introuvable"), "\(unknown.err)")
            let listedAgain = try await run(["token", "list", "u-console", "--json"])
            #expect(listedAgain.code == 0 && listedAgain.out.contains("\"revoked_at\""), "\(listedAgain.out)")
            let after = try await run(["basin", "list"], token: newToken)
            #expect(
                after.code == 1 && after.err.contains("UNAUTHENTICATED: the token has been revoked"),
                "\(after.err)"
            )
            let deactivated = try await run(["animator", "deactivate", "u-console"])
            #expect(deactivated.code == 0 && deactivated.out.contains("non"), "\(deactivated.err)")

            // The directory, figures and audit.
            let companies = try await run([
                "company", "search", "--basin", "chalon-tournus-louhans", "--page-size", "5",
            ])
            #expect(companies.code == 0 && companies.out.hasPrefix("SIRET"), "\(companies.err)")
            let stats = try await run(["stats", "--basin", "chalon-tournus-louhans"])
            #expect(stats.code == 0 && stats.out.contains("  REP/REP+  "), "\(stats.out)\(stats.err)")
            #expect(stats.out.contains("placement 20") && stats.out.contains("Bac Pro"), "\(stats.out)")
            // Mixité des métiers: the demo's placed pupils have a gender; each trade by its name.
            #expect(stats.out.contains("mixité 20") && stats.out.contains("placés"), "\(stats.out)")
            // Decline rates per company, in French; the demo's companies answered too few pupils to show figures.
            #expect(stats.out.contains("refus 20") && stats.out.contains("élèves prioritaires : "), "\(stats.out)")
            let badGap = try await run(["stats", "--decline-gap", "150"])
            #expect(
                badGap.code == 1 && badGap.err.contains("decline_gap_points : doit être de 1 à 100"),
                "\(badGap.err)"
            )
            // The demo's rosters: each school's pupils and unplaced per level.
            let placements = try await run(["placements", "--basin", "chalon-tournus-louhans"])
            #expect(placements.code == 0 && placements.out.hasPrefix("UAI"), "\(placements.err)")
            #expect(placements.out.contains("Collège des Prés Saint-Jean") && placements.out.contains("3e  "))
            // The basin's rules, in French; a change keeps the rules not given, and is audited.
            let rules = try await run(["rules", "--basin", "chalon-tournus-louhans"])
            #expect(rules.code == 0 && rules.out.hasPrefix("RÈGLE"), "\(rules.err)")
            #expect(
                rules.out.contains("REP, REP+, établissements ruraux, QPV, besoins d'accessibilité"),
                "\(rules.out)"
            )
            #expect(rules.out.contains("7 jours après la première publication d'une offre"), "\(rules.out)")
            let changed = try await run(
                ["rules", "--priority-groups", "rep_plus,qpv", "--reserved-share", "30"],
                token: animator
            )
            #expect(changed.code == 0 && changed.out.contains("REP+, QPV"), "\(changed.err)")
            #expect(changed.out.contains("30 % des places de chaque semaine"), "\(changed.out)")
            #expect(changed.out.contains("7 jours après"), "\(changed.out)")
            let badGroup = try await run(["rules", "--priority-groups", "rep,cadres"], token: animator)
            #expect(badGroup.code == 2 && badGroup.err.contains("'cadres' is not a group"), "\(badGroup.err)")
            let outOfRange = try await run(["rules", "--window-days", "45"], token: animator)
            #expect(
                outOfRange.code == 1 && outOfRange.err.contains("priority_window_days : doit être de 0 à 30"),
                "\(outOfRange.err)"
            )
            let animatorsOwn = try await run(["placements"], token: animator)
            #expect(animatorsOwn.code == 0 && animatorsOwn.out.contains("Lycée professionnel"), "\(animatorsOwn.err)")
            // Within the retention, the demo's pupils stay.
            let purge = try await run(["purge-pupils"])
            #expect(purge.code == 0 && purge.out.hasPrefix("BASSIN") && purge.out.contains("chalon-tournus-louhans  0"))
            let academy = try await run(["stats", "--json"])
            #expect(academy.code == 0 && academy.out.contains("\"by_trade_and_level\""), "\(academy.err)")
            let archived = try await run(["basin", "archive", "macon-test"])
            #expect(archived.code == 0 && archived.out.contains("oui"), "\(archived.err)")
            let audit = try await run(["audit", "--page-size", "100"])
            #expect(audit.code == 0, "\(audit.err)")
            for method in [
                "CreateBasin", "RenameBasin", "ImportSchools", "IssueToken", "RevokeToken", "ArchiveBasin",
                "SetPlacementRules",
            ] {
                #expect(audit.out.contains(method), "\(method)")
            }
            #expect(audit.out.contains("PERMISSION_DENIED"))

            // Backup online, restore offline, and the restored data folder serves again.
            let backup = try await run(["backup", "nightly"])
            #expect(backup.code == 0 && backup.out.contains("basins/chalon-tournus-louhans.sqlite"), "\(backup.err)")
            #expect(backup.err.contains("backups/nightly"))
            let notCoordinator = try await run(["backup", "nightly"], token: animator)
            #expect(
                notCoordinator.code == 1 && notCoordinator.err.contains("PERMISSION_DENIED"),
                "\(notCoordinator.err)"
            )
            #expect(try await server.stop() == 0)
            let restore = try await Self.admin(["restore", "--from", "\(data)/backups/nightly", "--data", data])
            #expect(restore.code == 0 && restore.out.contains("academy.sqlite"), "\(restore.err)")
            let noBackup = try await Self.admin(["restore", "--from", "\(data)/backups/none", "--data", data])
            #expect(noBackup.code == 1 && noBackup.err.contains("academy.sqlite"), "\(noBackup.err)")
            let again = try ExecutableTests.Running(["serve", "--port", "0", "--grpc-port", "0", "--data", data])
            let (restartedURL, _) = try await again.waitUntilListening()
            let relisted = try await Self.admin(["basin", "list"], url: restartedURL, token: coordinator)
            #expect(relisted.code == 0 && relisted.out.contains("chalon-tournus-louhans"), "\(relisted.err)")
            #expect(try await again.stop() == 0)
        }
    }
}
