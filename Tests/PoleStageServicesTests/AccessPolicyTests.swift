import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageStore
import Testing

@testable import PoleStageServices

/// The access policy is `docs/tenancy.md`'s tables, method by method, and covers every method the server serves.
@Suite("Access policy")
struct AccessPolicyTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every method of the domain and admin services.
    static let allMethods: [MethodDescriptor] =
        Polestage_Offers_V1_OfferService.Method.descriptors
        + Polestage_Reservations_V1_ReservationService.Method.descriptors
        + Polestage_Calendar_V1_CalendarService.Method.descriptors
        + Polestage_Contacts_V1_ContactService.Method.descriptors
        + Polestage_Placements_V1_PupilService.Method.descriptors
        + Polestage_Placements_V1_SignInService.Method.descriptors
        + Polestage_Placements_V1_ApplicationService.Method.descriptors
        + Polestage_Placements_V1_InboxService.Method.descriptors
        + Polestage_Practice_V1_PracticeService.Method.descriptors
        + Polestage_Admin_V1_AdminService.Method.descriptors

    /// What a documented row says: the roles that may call a method, or that it needs no token.
    enum Documented: Equatable, CustomStringConvertible {
        case roles(Set<Role>)
        case noToken

        var description: String {
            switch self {
            case .roles(let roles): roles.map(\.rawValue).sorted().joined(separator: ", ")
            case .noToken: "without a token"
            }
        }
    }

    /// The access tables of `docs/tenancy.md`, by `Service/Method`.
    ///
    /// A table's header names the roles of each column (`coordinator, animator`); a row names its methods in backquotes
    /// (`OfferService.CreateOffer` sets the service for the names after it; the admin table's header names its
    /// service). A cell of `–` refuses the column's roles, any other text lets them call.
    static func documentedRules() throws -> [String: Documented] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/tenancy.md"), encoding: .utf8)
        var rules: [String: Documented] = [:]
        var columns: [Set<Role>]? = nil
        var service = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if columns == nil {
                // A header: an access table's names roles in every column after the first.
                let roles = cells.dropFirst().map { cell in
                    Set(
                        cell.split(separator: ",").compactMap {
                            Role(rawValue: $0.trimmingCharacters(in: .whitespaces))
                        }
                    )
                }
                guard !roles.isEmpty, roles.allSatisfy({ !$0.isEmpty }) else {
                    columns = []
                    continue
                }
                columns = roles
                if let named = Self.names(in: cells[0]).first { service = named }
                continue
            }
            guard let columns, !columns.isEmpty, !cells[0].hasPrefix("---") else { continue }
            var documented = Set<Role>()
            for (cell, roles) in zip(cells.dropFirst(), columns) where !cell.isEmpty && cell != "–" && cell != "-" {
                documented.formUnion(roles)
            }
            let noToken = cells[1].hasPrefix("without a token")
            for name in Self.names(in: cells[0]) {
                let parts = name.split(separator: ".")
                if parts.count == 2 { service = String(parts[0]) }
                rules["\(service)/\(parts.last!)"] = noToken ? .noToken : .roles(documented)
            }
        }
        return rules
    }

    /// The names in backquotes in `cell`.
    static func names(in cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func key(_ method: MethodDescriptor) -> String {
        "\(method.service.fullyQualifiedService.split(separator: ".").last!)/\(method.method)"
    }

    @Test("every method served has a rule or is public, and nothing else has one")
    func everyMethodHasARule() {
        for method in Self.allMethods {
            let ruled = AccessPolicy.rule(for: method) != nil
            let open = AccessPolicy.publicMethods.contains(method)
            #expect(ruled != open, "\(method): a rule or public, exactly one")
        }
        let known = Set(Self.allMethods)
        #expect(Set(AccessPolicy.rules.keys).subtracting(known).isEmpty)
    }

    @Test("docs/tenancy.md's tables and the policy say the same, method by method")
    func documentationMatches() throws {
        let documented = try Self.documentedRules()
        #expect(documented.count > 60, "the tables were not found in docs/tenancy.md")
        for method in Self.allMethods {
            let key = Self.key(method)
            let actual: Documented? =
                AccessPolicy.publicMethods.contains(method)
                ? .noToken : AccessPolicy.rule(for: method).map { .roles($0.roles) }
            #expect(
                documented[key] == actual,
                "\(key): docs/tenancy.md says \(documented[key]?.description ?? "nothing"), the policy \(actual?.description ?? "nothing")"
            )
        }
        let unknown = Set(documented.keys).subtracting(Self.allMethods.map(Self.key))
        #expect(unknown.isEmpty, "docs/tenancy.md names methods that do not exist: \(unknown.sorted())")
    }

    @Test("a role the rule does not name is refused with the rule's action; a method without a rule, to everyone")
    func refusals() throws {
        let create = Polestage_Offers_V1_OfferService.Method.CreateOffer.descriptor
        let school = RequestContext(
            principal: .school(user: "u", school: UAI("0750655E")!),
            tenant: nil,
            method: create
        )
        #expect(throws: AccessDenied.role(.school, action: "créer une offre")) { try school.checkAccess() }
        #expect(
            AccessDenied.role(.school, action: "créer une offre").description
                == "le rôle « établissement » ne peut pas créer une offre"
        )
        let company = RequestContext(
            principal: .company(user: "u", company: SIRET("73282932000074")!),
            tenant: nil,
            method: create
        )
        try company.checkAccess()
        // As a transport makes it from the request's path: with no RPC type.
        let fromPath = MethodDescriptor(
            fullyQualifiedService: "polestage.offers.v1.OfferService",
            method: "CreateOffer"
        )
        #expect(fromPath != create)
        #expect(AccessPolicy.rule(for: fromPath) == AccessPolicy.rule(for: create))
        #expect(
            AccessPolicy.isPublic(
                MethodDescriptor(
                    fullyQualifiedService: "polestage.placements.v1.SignInService",
                    method: "RedeemSignInCode"
                )
            )
        )
        let unknown = MethodDescriptor(fullyQualifiedService: "polestage.offers.v1.OfferService", method: "Nothing")
        let coordinator = RequestContext(principal: .coordinator(user: "u"), tenant: nil, method: unknown)
        #expect(throws: AccessDenied.noRule(unknown.description)) { try coordinator.checkAccess() }
    }
}
