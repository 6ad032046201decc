package import GRPCCore
import PoleStageStore

/// A request field that breaks its rule: `INVALID_ARGUMENT`, with the field's path in the message.
package struct InvalidField: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path, as in the `.proto` file: `details.periods[2].seats`.
    package var field: String
    /// The rule it breaks. Never quotes a pupil reference or free text.
    package var reason: String

    package init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String { "\(self.field) : \(self.reason)" }
}

extension InvalidField: RPCErrorConvertible {
    package var rpcErrorCode: RPCError.Code { .invalidArgument }
    package var rpcErrorMessage: String { self.description }
}

/// Several request fields that break their rules, all reported at once: `INVALID_ARGUMENT`, their descriptions joined
/// by "; " in the message.
package struct InvalidFields: Error, Sendable, Equatable, CustomStringConvertible {
    package var fields: [InvalidField]

    package init(_ fields: [InvalidField]) {
        self.fields = fields
    }

    package var description: String { self.fields.map(\.description).joined(separator: "; ") }
}

extension InvalidFields: RPCErrorConvertible {
    package var rpcErrorCode: RPCError.Code { .invalidArgument }
    package var rpcErrorMessage: String { self.description }
}

/// Checks several fields and keeps every failure, so that a request or a CSV line learns all that is wrong with it.
struct FieldChecks {
    private(set) var failures: [InvalidField] = []

    /// The value `body` makes, or `nil` after keeping its failure.
    mutating func check<T>(_ body: () throws(InvalidField) -> T) -> T? {
        do {
            return try body()
        } catch {
            self.failures.append(error)
            return nil
        }
    }

    /// Keeps a failure of a rule that involves several fields.
    mutating func fail(_ failure: InvalidField) {
        self.failures.append(failure)
    }

    /// A required location: both coordinates 0 is none; each within its range.
    mutating func location(_ latitude: Double, _ longitude: Double, field: String) -> GeoPoint? {
        guard latitude != 0 || longitude != 0 else {
            self.fail(InvalidField(field, "une position est requise"))
            return nil
        }
        guard let point = GeoPoint(latitude: latitude, longitude: longitude) else {
            self.fail(InvalidField(field, "la latitude doit être dans [-90, 90] et la longitude dans [-180, 180]"))
            return nil
        }
        return point
    }

    /// Throws every failure kept, if any.
    func finish() throws(InvalidFields) {
        if !self.failures.isEmpty { throw InvalidFields(self.failures) }
    }
}
