import PoleStageAuth
import PoleStageStore
import Testing

/// Where a role becomes a caller identity, for tokens, stored users and the command line alike.
@Suite("Principal from a role and its scope")
struct PrincipalTests {
    static let basin = BasinID("chalon")!
    static let school = uai("0710001")
    static let company = siret("7321234500001")

    @Test("each role takes its one scope and ignores the others")
    func scopes() throws {
        let all = { (role: Role) throws(Principal.MissingScope) -> Principal in
            try Principal(role: role, user: "u", basin: Self.basin, school: Self.school, company: Self.company)
        }
        #expect(try all(.coordinator) == .coordinator(user: "u"))
        #expect(try all(.animator) == .animator(user: "u", basin: Self.basin))
        #expect(try all(.school) == .school(user: "u", school: Self.school))
        #expect(try all(.pupil) == .pupil(user: "u", school: Self.school))
        #expect(try all(.company) == .company(user: "u", company: Self.company))
    }

    @Test(
        "a role without its scope is refused, naming what it needs",
        arguments: [
            (Role.animator, "an animator needs a basin"),
            (.school, "a school needs a school UAI"),
            (.pupil, "a pupil needs a school UAI"),
            (.company, "a company needs a SIRET"),
        ]
    )
    func missing(role: Role, message: String) {
        #expect(throws: Principal.MissingScope.self) {
            try Principal(role: role, user: "u", basin: nil, school: nil, company: nil)
        }
        do {
            _ = try Principal(role: role, user: "u", basin: nil, school: nil, company: nil)
        } catch {
            #expect(error.description == message)
        }
    }
}
