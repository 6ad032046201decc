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
            let free = offer.periods.reduce(0) { $0 + Int($1.seatsFree) }
            var line =
                "\(Self.time(change.atUnixMs)) \(Self.kind(change.kind)) offer \(offer.id) \"\(offer.details.title)\""
            line += " (\(offer.details.tradeCode), \(offer.companyName))"
            if change.hasWeek { line += " week \(change.week.year)-W\(String(format: "%02d", change.week.week))" }
            line += ": \(free) free \(position)"
            self.write(line)
        case .reset(let reset):
            self.write("reset: \(reset.message)")
        case .snapshot(let page):
            for offer in page.offers {
                let free = offer.periods.reduce(0) { $0 + Int($1.seatsFree) }
                self.write("offer \(offer.id) \"\(offer.details.title)\" (\(offer.details.tradeCode)): \(free) free")
            }
            if page.last { self.write("snapshot taken \(position)") }
        case .live:
            self.write("live \(position)")
        case .heartbeat, .none:
            break
        }
    }

    func print(_ event: Polestage_Placements_V1_InboxEvent) {
        if self.json { return self.printJSON(event) }
        let position = "[\(event.position.epoch)/\(event.position.offset)]"
        switch event.event {
        case .message(let message):
            self.write("\(Self.time(message.atUnixMs)) \(message.text) \(position)")
        case .reset(let reset):
            self.write("reset: \(reset.message)")
        case .live:
            self.write("live \(position)")
        case .heartbeat, .none:
            break
        }
    }

    /// One JSON object on a line, with the .proto field names.
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
        case .offerCreated: "created  "
        case .offerUpdated: "updated  "
        case .offerPublished: "published"
        case .offerWithdrawn: "withdrawn"
        case .seatsTaken: "seat taken"
        case .seatsFreed: "seat freed"
        default: "change   "
        }
    }
}
