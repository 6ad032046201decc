import Testing

@testable import PoleStageServices

/// The Markdown of the good-practice space becomes HTML a page can insert as it is.
@Suite("Safe Markdown rendering")
struct SafeMarkdownTests {
    @Test("the subset: headings from h2, paragraphs, lists, quotes, code, rules, emphasis and links")
    func subset() {
        let markdown = """
            # Accueillir un élève
            Le **premier jour**, montrez *l'atelier* et les `EPI`.
            Une deuxième ligne.

            - casque
            - gants
              de cuir
            1. arriver
            2) repartir

            > Un tuteur : « Prenez le temps. »

            ```
            <pas du html>
            ```
            ---
            [Le guide](https://eduscol.education.fr/guide) et [écrire](mailto:pole@example.org).
            """
        #expect(
            SafeMarkdown.html(markdown) == """
                <h2>Accueillir un élève</h2>
                <p>Le <strong>premier jour</strong>, montrez <em>l&#39;atelier</em> et les <code>EPI</code>.
                Une deuxième ligne.</p>
                <ul>
                <li>casque</li>
                <li>gants
                de cuir</li>
                </ul>
                <ol>
                <li>arriver</li>
                <li>repartir</li>
                </ol>
                <blockquote>
                <p>Un tuteur : « Prenez le temps. »</p>
                </blockquote>
                <pre><code>&lt;pas du html&gt;</code></pre>
                <hr>
                <p><a href="https://eduscol.education.fr/guide" rel="noopener noreferrer nofollow">Le guide</a> et <a href="mailto:pole@example.org" rel="noopener noreferrer nofollow">écrire</a>.</p>

                """
        )
    }

    @Test(
        "nothing written in the Markdown becomes markup of its own",
        arguments: [
            ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
            ("[clic](javascript:alert(1))", "<p>clic</p>\n"),
            ("[clic](https://a.example/\" onmouseover=\"x)", "<p>clic</p>\n"),
            (
                "[x](https://a.example/?q=\"><b>)",
                "<p><a href=\"https://a.example/?q=&quot;&gt;&lt;b&gt;\" rel=\"noopener noreferrer nofollow\">x</a></p>\n"
            ),
            ("**<img src=x onerror=alert(1)>**", "<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>\n"),
            ("`<b>` & \\*pas\\* snake_case_name", "<p><code>&lt;b&gt;</code> &amp; *pas* snake_case_name</p>\n"),
            ("# <i>titre</i>", "<h2>&lt;i&gt;titre&lt;/i&gt;</h2>\n"),
            ("**pas fermé", "<p>**pas fermé</p>\n"),
        ]
    )
    func escaping(markdown: String, html: String) {
        #expect(SafeMarkdown.html(markdown) == html)
    }

    @Test("a search result's excerpt is the text without its Markdown, cut at a word")
    func excerpt() {
        #expect(
            SafeMarkdown.excerpt("# Titre\n- **un** [lien](https://x.example) `code`", limit: 240)
                == "Titre un lien code"
        )
        #expect(SafeMarkdown.excerpt("un deux trois quatre", limit: 10) == "un deux…")
    }
}
