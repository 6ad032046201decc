/// What makes a placement accessible to a pupil with a disability: what an offer provides, and what a pupil needs.
public enum AccessFeature: String, Sendable, Hashable, CaseIterable, StoredBitFlag {
    /// Premises reached and used without steps.
    case stepFree = "step_free"
    /// Tasks adapted to the pupil.
    case adaptedTasks = "adapted_tasks"
    /// A tutor trained to take a pupil with a disability.
    case trainedTutor = "trained_tutor"

    /// As a refusal names it.
    public var label: String {
        switch self {
        case .stepFree: "un accès de plain-pied"
        case .adaptedTasks: "des tâches adaptées"
        case .trainedTutor: "un tuteur formé"
        }
    }

    /// The features in their declared order, as a refusal names them.
    static func labels(_ features: Set<AccessFeature>) -> String {
        Self.allCases.filter(features.contains).map(\.label).joined(separator: ", ")
    }
}
