import Foundation

/// The Markdown of a resource rendered as HTML that a page may insert as it is.
///
/// Every character of the text is escaped; the only tags are the ones written here (`h2`–`h6`, `p`, `ul`, `ol`, `li`,
/// `blockquote`, `pre`, `code`, `strong`, `em`, `hr`, `a`); a link keeps its target only when it is `http:`, `https:`
/// or `mailto:`, and opens with `rel="noopener noreferrer nofollow"`. HTML written in the Markdown is shown as text.
///
/// The subset: ATX headings (`#` becomes `h2`, since the resource's title is the page's heading), paragraphs, lists
/// with `-`, `*`, `+` or `1.`, quotes (`>`), fenced code (three backticks), rules (`---`), and inline code,
/// `**strong**`, `*emphasis*`, `_emphasis_` and `[links](https://…)`; a backslash makes the next punctuation literal.
enum SafeMarkdown {
    static func html(_ markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var html = ""
        self.blocks(&lines[...], into: &html)
        return html
    }

    private static func blocks(_ lines: inout ArraySlice<String>, into html: inout String) {
        while let line = lines.first {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                lines.removeFirst()
            } else if trimmed.hasPrefix("```") {
                lines.removeFirst()
                var code: [String] = []
                while let next = lines.popFirst(), !next.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    code.append(next)
                }
                html += "<pre><code>\(self.escaped(code.joined(separator: "\n")))</code></pre>\n"
            } else if let (level, text) = self.heading(trimmed) {
                lines.removeFirst()
                html += "<h\(level)>\(self.inline(text))</h\(level)>\n"
            } else if trimmed.allSatisfy({ $0 == "-" }) && trimmed.count >= 3
                || trimmed.allSatisfy({ $0 == "*" }) && trimmed.count >= 3
            {
                lines.removeFirst()
                html += "<hr>\n"
            } else if trimmed.hasPrefix(">") {
                var quoted: [String] = []
                while let next = lines.first?.trimmingCharacters(in: .whitespaces), next.hasPrefix(">") {
                    lines.removeFirst()
                    quoted.append(String(next.dropFirst().drop(while: { $0 == " " })))
                }
                html += "<blockquote>\n"
                self.blocks(&quoted[...], into: &html)
                html += "</blockquote>\n"
            } else if let ordered = self.listItem(trimmed)?.ordered {
                let tag = ordered ? "ol" : "ul"
                html += "<\(tag)>\n"
                while let next = lines.first?.trimmingCharacters(in: .whitespaces),
                    let item = self.listItem(next), item.ordered == ordered
                {
                    lines.removeFirst()
                    var text = item.text
                    // Lines indented under an item continue it.
                    while let more = lines.first, more.hasPrefix("  "),
                        self.listItem(more.trimmingCharacters(in: .whitespaces)) == nil,
                        !more.trimmingCharacters(in: .whitespaces).isEmpty
                    {
                        lines.removeFirst()
                        text += "\n" + more.trimmingCharacters(in: .whitespaces)
                    }
                    html += "<li>\(self.inline(text))</li>\n"
                }
                html += "</\(tag)>\n"
            } else {
                var paragraph: [String] = []
                while let next = lines.first?.trimmingCharacters(in: .whitespaces), !next.isEmpty,
                    paragraph.isEmpty || !self.startsBlock(next)
                {
                    lines.removeFirst()
                    paragraph.append(next)
                }
                html += "<p>\(self.inline(paragraph.joined(separator: "\n")))</p>\n"
            }
        }
    }

    private static func startsBlock(_ trimmed: String) -> Bool {
        trimmed.hasPrefix("```") || trimmed.hasPrefix(">") || self.heading(trimmed) != nil
            || self.listItem(trimmed) != nil
    }

    private static func heading(_ trimmed: String) -> (Int, String)? {
        let hashes = trimmed.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (min(hashes + 1, 6), rest.trimmingCharacters(in: .whitespaces))
    }

    private static func listItem(_ trimmed: String) -> (ordered: Bool, text: String)? {
        if let first = trimmed.first, "-*+".contains(first), trimmed.dropFirst().first == " " {
            return (false, String(trimmed.dropFirst(2)))
        }
        let digits = trimmed.prefix(while: \.isASCIIDigit)
        let rest = trimmed.dropFirst(digits.count)
        if (1...9).contains(digits.count), let mark = rest.first, mark == "." || mark == ")",
            rest.dropFirst().first == " "
        {
            return (true, String(rest.dropFirst(2)))
        }
        return nil
    }

    /// Inline code, strong, emphasis and links; everything else escaped.
    static func inline(_ text: String) -> String {
        let characters = Array(text)
        var html = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && characters[index + 1].isPunctuationOrSymbol:
                html += self.escaped(String(characters[index + 1]))
                index += 2
            case "`":
                if let end = characters[(index + 1)...].firstIndex(of: "`") {
                    html += "<code>\(self.escaped(String(characters[(index + 1)..<end])))</code>"
                    index = end + 1
                } else {
                    html += "`"
                    index += 1
                }
            case "*", "_":
                let double = index + 1 < characters.count && characters[index + 1] == character
                let marker = double ? [character, character] : [character]
                let start = index + marker.count
                if character == "_", index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber {
                    html += String(character)
                    index += 1
                } else if start < characters.count, characters[start] != " ",
                    let end = self.closing(marker, in: characters, from: start)
                {
                    let tag = double ? "strong" : "em"
                    html += "<\(tag)>\(self.inline(String(characters[start..<end])))</\(tag)>"
                    index = end + marker.count
                } else {
                    html += String(marker)
                    index = start
                }
            case "[":
                if let (label, target, end) = self.link(characters, at: index) {
                    if let href = self.safeTarget(target) {
                        html += "<a href=\"\(self.escaped(href))\" rel=\"noopener noreferrer nofollow\">"
                        html += "\(self.inline(label))</a>"
                    } else {
                        html += self.inline(label)
                    }
                    index = end
                } else {
                    html += "["
                    index += 1
                }
            case "\n":
                html += "\n"
                index += 1
            default:
                html += self.escaped(String(character))
                index += 1
            }
        }
        return html
    }

    private static func closing(_ marker: [Character], in characters: [Character], from start: Int) -> Int? {
        var index = start + 1
        while index + marker.count <= characters.count {
            if Array(characters[index..<(index + marker.count)]) == marker, characters[index - 1] != " " {
                return index
            }
            index += 1
        }
        return nil
    }

    /// `[label](target)` at `index`: its label, its target and the index after it.
    private static func link(_ characters: [Character], at index: Int) -> (String, String, Int)? {
        guard let close = characters[(index + 1)...].firstIndex(of: "]"), close + 1 < characters.count,
            characters[close + 1] == "("
        else { return nil }
        // The target ends at the parenthesis that balances the opening one: `(https://fr.wikipedia.org/a_(b))`.
        var depth = 0
        for end in (close + 2)..<characters.count {
            switch characters[end] {
            case "(": depth += 1
            case ")" where depth == 0:
                return (String(characters[(index + 1)..<close]), String(characters[(close + 2)..<end]), end + 1)
            case ")": depth -= 1
            default: break
            }
        }
        return nil
    }

    /// The target when it is a web or mail address without spaces or control characters.
    private static func safeTarget(_ target: String) -> String? {
        let target = target.trimmingCharacters(in: .whitespaces)
        let lowered = target.lowercased()
        guard ["https://", "http://", "mailto:"].contains(where: { lowered.hasPrefix($0) }),
            !target.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
            })
        else { return nil }
        return target
    }

    static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// The text without its Markdown, on one line, at most `limit` characters: a search result's excerpt.
    static func excerpt(_ markdown: String, limit: Int) -> String {
        var words: [Substring] = []
        var length = 0
        for word in markdown.split(whereSeparator: { $0.isWhitespace }) {
            var plain = word.drop(while: { "#>-*+`_[".contains($0) })
            // A link's target is not text: `[guide](https://…)` reads "guide".
            if let target = plain.firstRange(of: "](") { plain = plain[..<target.lowerBound] }
            let cleaned = plain.filter { !"*_`[]".contains($0) }
            guard !cleaned.isEmpty else { continue }
            if length + cleaned.count + 1 > limit {
                return words.joined(separator: " ") + "…"
            }
            words.append(Substring(cleaned))
            length += cleaned.count + 1
        }
        return words.joined(separator: " ")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self.isASCII && self.isNumber }
    fileprivate var isPunctuationOrSymbol: Bool { self.isPunctuation || self.isSymbol }
}
