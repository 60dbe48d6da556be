/// When the search index counts a term as frequent: from then on it keeps the pair of each two neighbouring frequent
/// terms, so that a phrase of two frequent words reads its pair, which few versions hold, instead of every version
/// that holds both words (at a million versions, two words each in a quarter of them share tens of thousands).
///
/// The index counts the terms of one version in ``sampleEvery`` (by index key), and a term is frequent once
/// ``promotedAt`` of those hold it: about `sampleEvery × promotedAt` versions. A phrase of two terms that became
/// frequent at different times is read as its pair from the later of the two keys on, and by the positions of its
/// words before them, where the rarer of the two was held by fewer than that many versions.
public struct SearchFrequency: Hashable, Sendable {
    /// One version in this many (by index key) has its terms counted.
    public var sampleEvery: Int64
    /// How many counted versions make a term frequent.
    public var promotedAt: Int

    public init(sampleEvery: Int64, promotedAt: Int) {
        self.sampleEvery = max(1, sampleEvery)
        self.promotedAt = max(1, promotedAt)
    }

    /// Frequent from about 16,000 versions: below that, reading both words of a phrase takes about a millisecond.
    public static let standard = SearchFrequency(sampleEvery: 16, promotedAt: 1_024)
}
