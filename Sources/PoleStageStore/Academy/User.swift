/// A user of the academy: the subject of tokens, with its role and scope.
///
/// Roles are stored by name (`coordinator`, `animator`, `school`, `company`, `pupil`): the store knows no token.
public struct User: Sendable, Hashable {
    /// Opaque: never a name.
    public var id: String
    public var role: String
    /// The animator's basin.
    public var basin: BasinID?
    /// The school of a school or pupil user.
    public var school: UAI?
    /// The company of a company user.
    public var company: SIRET?
    /// A deactivated user's tokens are refused.
    public var active: Bool

    public init(
        id: String,
        role: String,
        basin: BasinID? = nil,
        school: UAI? = nil,
        company: SIRET? = nil,
        active: Bool = true
    ) {
        self.id = id
        self.role = role
        self.basin = basin
        self.school = school
        self.company = company
        self.active = active
    }
}
