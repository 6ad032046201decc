import Foundation
import PoleStageStore

/// A webhook's JSON body: the event, its recipient by role and organisation, never a pupil's reference or roster id.
struct WebhookBody: Encodable {
    /// `<basin>/<message id>`: a receiver drops a repeated delivery by it.
    var id: String
    var basin: String
    var kind: String
    var atUnixMs: Int64
    var recipient: Recipient
    var applicationId: Int64?
    var offerId: Int64?
    /// In French, as the inbox shows it.
    var text: String

    struct Recipient: Encodable {
        /// `company`, `school`, `pupil` (routed to its school) or `basin` (its animators).
        var type: String
        /// The SIRET of the company; the UAI of the school, or of the pupil's school; empty for the basin.
        var id: String
    }

    enum CodingKeys: String, CodingKey {
        case id, basin, kind, recipient, text
        case atUnixMs = "at_unix_ms"
        case applicationId = "application_id"
        case offerId = "offer_id"
    }

    init(basin: BasinID, event: WebhookEvent) {
        self.id = "\(basin.rawValue)/\(event.message.id)"
        self.basin = basin.rawValue
        self.kind = event.message.kind.rawValue
        self.atUnixMs = event.message.at
        self.recipient = Recipient(type: event.recipientType, id: event.recipientID)
        self.applicationId = event.message.application
        self.offerId = event.message.offer
        self.text = event.message.text
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}
