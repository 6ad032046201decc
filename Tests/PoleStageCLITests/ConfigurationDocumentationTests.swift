import ArgumentParser
import Foundation
import PoleStageServer
import Testing

@testable import PoleStageCLI

/// `docs/configuration.md` and `deploy/polestage.toml` say what the parser does.
@Suite("Configuration documentation")
struct ConfigurationDocumentationTests {
    /// One row of the documentation's settings table.
    struct Row: Hashable, CustomStringConvertible {
        var fileKey: String
        var variable: String
        var flag: String
        var defaultValue: String
        var description: String { "| `\(fileKey)` | `\(variable)` | `\(flag)` | `\(defaultValue)` |" }
    }

    /// The rows of the table whose first cell is a file key (`[table] key`).
    static func documentedRows() throws -> [Row] {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("docs/configuration.md"),
            encoding: .utf8
        )
        return text.split(separator: "\n").compactMap { line -> Row? in
            guard line.hasPrefix("| `[") else { return nil }
            let cells = line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            guard cells.count >= 5 else { return nil }
            return Row(fileKey: cells[0], variable: cells[1], flag: cells[2], defaultValue: cells[3])
        }
    }

    static var parserRows: [Row] {
        Setting.all.map {
            Row(
                fileKey: $0.description,
                variable: $0.environmentVariable,
                flag: $0.flagName,
                defaultValue: $0.defaultValue?.description ?? "none"
            )
        }
    }

    @Test("every setting of the parser is in the documentation's table, and every row is a setting of the parser")
    func tableMatchesParser() throws {
        let documented = try Self.documentedRows()
        #expect(documented.count == Set(documented).count, "a row appears twice")
        let missing = Set(Self.parserRows).subtracting(documented)
        let unknown = Set(documented).subtracting(Self.parserRows)
        #expect(missing.isEmpty, "settings missing from docs/configuration.md: \(missing)")
        #expect(unknown.isEmpty, "rows of docs/configuration.md that the parser does not have: \(unknown)")
        #expect(documented.map(\.fileKey) == Self.parserRows.map(\.fileKey), "the order differs from Setting.all")
    }

    @Test("every flag of the table is a flag of `polestage serve`")
    func flagsParse() throws {
        let help = ServeCommand.helpMessage(columns: 1000)
        for setting in Setting.all {
            #expect(help.contains(setting.flagName), "\(setting.flagName) is not in `serve --help`")
        }
    }

    @Test("every setting's flag sets that setting, and only it", arguments: Setting.all)
    func flagSetsItsSetting(setting: Setting) throws {
        let value: String? =
            switch setting.type {
            case .boolean: nil
            case .integer(let range): "\(range.lowerBound)"
            case .choice(let words): words[0]
            case .urlPath: "/chemin"
            case .filePath: "dossier/fichier"
            case .text, .list: "valeur"
            }
        let command = try ServeCommand.parse([setting.flagName] + (value.map { [$0] } ?? []))
        let values = command.storage.flagValues.merging(command.flagValues) { _, new in new }
        #expect(Array(values.keys) == [setting], "\(setting.flagName) sets \(values.keys.map(\.description))")
    }

    @Test("deploy/polestage.toml loads, and so it does with its commented-out settings on, which make every setting")
    func exampleFile() throws {
        let path = repositoryRoot.appendingPathComponent("deploy/polestage.toml").path
        let file = try ConfigurationFile(path: path)
        let settings = try ServeSettings(LayeredSettings(file: file, environment: [:], flags: [:]))
        #expect(settings.server.tls == nil)
        #expect(settings.logFormat == .json)

        // Uncomment `# key = value` and `# [table]` lines: the complete example.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let complete = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.wholeMatch(of: /# (\[[a-z]+\]|[a-z_]+ = .*)/).map { String($0.1) } ?? String(line)
        }.joined(separator: "\n")
        let completeFile = try ConfigurationFile(
            path: "polestage.toml",
            contents: complete,
            relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent()
        )
        #expect(Set(completeFile.values.keys) == Set(Setting.all), "the example does not show every setting")
        let completeSettings = try ServeSettings(LayeredSettings(file: completeFile, environment: [:], flags: [:]))
        #expect(completeSettings.server.tls?.certificateChain.path == "/etc/polestage/tls/fullchain.pem")
    }
}
