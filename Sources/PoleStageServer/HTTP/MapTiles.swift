import Foundation

/// The dashboard map's tile URL template (`[server] map_tiles_url`), read in one place: whether it is one, and the
/// origin the page's Content-Security-Policy lets images come from.
public enum MapTiles {
    /// `scheme://host[:port]` of an http(s) template holding `{z}`, `{x}` and `{y}`; nil for anything else.
    public static func origin(ofTemplate template: String) -> String? {
        guard ["{z}", "{x}", "{y}"].allSatisfy(template.contains),
            let url = URL(
                string: template.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            ),
            let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }

    /// What `/dashboard/map.json` says: `{"tiles": template or null}`.
    static func configuration(_ template: String?) -> Data {
        struct Configuration: Encodable {
            let tiles: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(self.tiles, forKey: .tiles)
            }

            enum CodingKeys: CodingKey { case tiles }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(Configuration(tiles: template))) ?? Data(#"{"tiles":null}"#.utf8)
    }
}
