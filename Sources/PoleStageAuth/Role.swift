/// What a caller may do, carried in its token's `role` claim.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// The academic coordination: every basin, read and admin.
    case coordinator
    /// Runs one basin's pole.
    case animator
    /// Staff of one school.
    case school
    /// A contact of one company.
    case company
    /// A pupil: read-only search of its basin's published offers.
    case pupil
}
