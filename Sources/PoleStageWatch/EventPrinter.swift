import Foundation
import PoleStageProto
import SwiftProtobuf

/// Prints events: a line a person reads, or one JSON object per line.
struct EventPrinter {
    let json: Bool

    func print(_ event: Polestage_Offers_V1_OfferEvent) {
        if self.json { return self.printJSON(event) }
        let position = "[\(event.position.epoch)/\(event.position.offset)]"
        switch event.event {
        case .change(let change):
            let offer = change.offer
            var line = "\(Self.time(change.atUnixMs)) \(Self.kind(change.kind)) \(Self.describe(offer))"
            if change.hasWeek { line += ", semaine \(change.week.week) (\(change.week.year))" }
            line += " : \(Self.free(offer)) \(position)"
            self.write(line)
        case .reset(let reset):
            self.write("reprise complète : \(reset.message)")
        case .snapshot(let page):
            for offer in page.offers {
                self.write("\(Self.describe(offer)) : \(Self.free(offer))")
            }
            if page.last { self.write("état complet reçu \(position)") }
        case .live:
            self.write("en direct \(position)")
        case .heartbeat, .none:
            break
        }
    }

    /// « offre 12 « Accueil en boulangerie » (Boulangerie - viennoiserie, Boulangerie Girard) »: the trade by its label.
    static func describe(_ offer: Polestage_Offers_V1_Offer) -> String {
        let trade = offer.tradeLabel.isEmpty ? offer.details.tradeCode : offer.tradeLabel
        return "offre \(offer.id) « \(offer.details.title) » (\(trade), \(offer.companyName))"
    }

    /// « 3 places libres », « 1 place libre », « complète ».
    static func free(_ offer: Polestage_Offers_V1_Offer) -> String {
        let free = offer.periods.reduce(0) { $0 + Int($1.seatsFree) }
        return switch free {
        case 0: "aucune place libre"
        case 1: "1 place libre"
        default: "\(free) places libres"
        }
    }

    /// The inbox's events: each message's text, as the server words it for the recipient.
    func print(_ event: Polestage_Placements_V1_InboxEvent) {
        if self.json { return self.printJSON(event) }
        let position = "[\(event.position.epoch)/\(event.position.offset)]"
        switch event.event {
        case .message(let message):
            self.write("\(Self.time(message.atUnixMs)) \(message.text) \(position)")
        case .reset(let reset):
            self.write("reprise complète : \(reset.message)")
        case .live:
            self.write("en direct \(position)")
        case .heartbeat, .none:
            break
        }
    }

    private func printJSON(_ event: some SwiftProtobuf.Message) {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        if let line = try? event.jsonString(options: options) { self.write(line) }
    }

    /// A message about the watcher itself, on standard error.
    func note(_ message: String) {
        FileHandle.standardError.write(Data("polestage-watch: \(message)\n".utf8))
    }

    private func write(_ line: String) {
        // Unbuffered, so that a pipe or a file sees each event as it comes.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func time(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    static func kind(_ kind: Polestage_Offers_V1_ChangeKind) -> String {
        switch kind {
        case .offerCreated: "créée        "
        case .offerUpdated: "modifiée     "
        case .offerPublished: "publiée      "
        case .offerWithdrawn: "retirée      "
        case .seatsTaken: "place prise  "
        case .seatsFreed: "place libérée"
        default: "changement   "
        }
    }
}
