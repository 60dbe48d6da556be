import GRDB
import GRDBSQLite

/// The FTS5 tokenizer `mura_words`: ``SearchWords`` inside SQLite, so that the index holds folded words and Snowball
/// stems.
///
/// Documents are stemmed; queries are not: ``SearchQuery`` compiles a query into terms that are already folded and
/// stemmed (a stem stemmed again can change), so a query's terms pass through folded only. SQLite makes one
/// instance per connection and table and calls it on that connection's thread only.
final class FTS5WordTokenizer: FTS5CustomTokenizer, @unchecked Sendable {
    static let name = "mura_words"

    private let words = SearchWords()

    init(db: Database, arguments: [String]) throws {}

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeBufferPointer(
            start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self),
            count: Int(nText)
        )
        var code = SQLITE_OK
        words.forEachTerm(in: text, stemming: !tokenization.contains(.query)) { term, _, range in
            code = term.withMemoryRebound(to: CChar.self) { term in
                tokenCallback(
                    context,
                    0,
                    term.baseAddress,
                    CInt(term.count),
                    CInt(range.lowerBound),
                    CInt(range.upperBound)
                )
            }
            return code == SQLITE_OK
        }
        return code
    }
}
