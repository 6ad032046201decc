/// One admin action: who did what, when. Ids only, never a pupil's data.
public struct AuditEntry: Sendable, Hashable {
    /// Increases with time: the log's order and its page token.
    public var id: Int64
    /// Unix milliseconds.
    public var at: Int64
    public var user: String
    public var role: String
    /// The RPC's name, such as `CreateBasin`.
    public var method: String
    /// The basin the action concerns, if one.
    public var basin: BasinID?
    /// What it acted on, such as `school 0710012C`.
    public var target: String
    /// `OK`, or the name of the status code the call ended with.
    public var outcome: String

    public init(
        id: Int64 = 0,
        at: Int64 = 0,
        user: String,
        role: String,
        method: String,
        basin: BasinID?,
        target: String,
        outcome: String
    ) {
        self.id = id
        self.at = at
        self.user = user
        self.role = role
        self.method = method
        self.basin = basin
        self.target = target
        self.outcome = outcome
    }
}
