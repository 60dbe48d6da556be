/// A version and the timeline it sits in (its neighbours, the document's source): what a Memento answer needs.
public struct Memento: Sendable {
    public var version: Version
    public var timeline: DocumentTimeline

    /// The 1-based place of the version in captured-at order.
    public var ordinal: Int {
        (timeline.versions.firstIndex { $0.id == version.id } ?? 0) + 1
    }
}
