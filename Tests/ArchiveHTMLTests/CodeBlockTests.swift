import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveHTML

/// Preformatted text (a program, a terminal session) is read as a reader sees it: line by line, indented, with the
/// comments a highlighter marks, as a block of code.
@Suite struct CodeBlockTests {
    static let prose = """
        <p>Git keeps every version of a project, and these are the commands that a newcomer needs in the first week \
        of work, with a note on what each of them does.</p>
        <p>Run them in a terminal, in the folder of the project, and read what each prints before you go on to the \
        next one: most say what to do when something went wrong.</p>
        """

    func document(_ body: String) throws -> Document {
        let page = "<html><body><article><h1>A brief intro to git</h1>\(Self.prose)\(body)</article></body></html>"
        let request = ImportRequest(data: Data(page.utf8), name: "page.html")
        return try #require(try HTMLImporter().importDocuments(request).first).document
    }

    @Test func highlightedCodeKeepsItsLinesIndentationAndComments() throws {
        let code = """
            <pre><code class="language-python hljs"><span class="hljs-comment"># greet everyone</span>
            <span class="hljs-keyword">for</span> name <span class="hljs-keyword">in</span> names:
                print(<span class="hljs-string">"hello"</span>, name)   
            </code></pre>
            """
        let blocks = try document(code).blocks
        let block = try #require(blocks.first { $0.kind == .code })
        #expect(block.text == "# greet everyone\nfor name in names:\n    print(\"hello\", name)")
        #expect(blocks.filter { $0.kind == .code }.count == 1)
    }

    @Test func aHighlighterLinePerElementOrBreakIsOneLineEach() throws {
        let divs = "<pre><code><div>git init</div><div>git status</div><div>  git add -A</div></code></pre>"
        let breaks = "<pre>ls -l<br>cd src<br>make</pre>"
        let blocks = try document(divs + breaks).blocks.filter { $0.kind == .code }
        #expect(blocks.map(\.text) == ["git init\ngit status\n  git add -A", "ls -l\ncd src\nmake"])
    }

    @Test func theSameCommandTwiceIsKeptTwice() throws {
        let command = "curl --user archive:$PASSWORD --data-binary @page.html http://127.0.0.1:8080/documents"
        let section = { (system: String) in
            "<h2>On \(system)</h2><p>Send a page from a shell on \(system).</p><pre>\(command)</pre>"
        }
        let blocks = try document(section("Linux") + section("macOS")).blocks
        #expect(blocks.filter { $0.kind == .code && $0.text == command }.count == 2)
    }

    @Test func aRenderedCodeBlockReadsBackAsCode() throws {
        let document = Document(
            id: "docs/git",
            title: "Git",
            blocks: [.init(.paragraph, "Loop over the names:"), .init(.code, "for name in names:\n    print(name)")]
        )
        let page = try HTMLExporter().export(ExportRequest(document: document))
        #expect(
            String(decoding: page, as: UTF8.self).contains(
                "<pre><code>for name in names:\n    print(name)</code></pre>"
            )
        )
        let read = try #require(try HTMLImporter().importDocuments(ImportRequest(data: page, name: "g.html")).first)
        #expect(read.document.blocks.contains(.init(.code, "for name in names:\n    print(name)")))
    }
}
