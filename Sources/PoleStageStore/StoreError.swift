/// Why a store refused an operation. Messages name identifiers only, never personal data.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The thing named does not exist, or not in this basin.
    case notFound(String)
    /// A unique thing already exists.
    case alreadyExists(String)
    /// The operation does not apply in the current state.
    case failedPrecondition(String)
    /// An optimistic update was made against an older version.
    case staleVersion(expected: Int64, actual: Int64)
    /// A value broke a rule the store checks itself.
    case invalid(field: String, reason: String)
    /// Stored data cannot be read back.
    case corrupt(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) : introuvable"
        case .alreadyExists(let what): "\(what) : existe déjà"
        case .failedPrecondition(let reason): reason
        case .staleVersion(let expected, let actual):
            "version \(expected) attendue, l'offre est à la version \(actual) : relisez-la et refaites votre modification"
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .corrupt(let what): what
        }
    }
}
