extension MainTextExtractor {
    /// On a page that says, in microdata, that it is a question and its answers (schema.org `QAPage`), the texts of
    /// the question and of its answers: the `text` properties of its `Question` and `Answer` items, in document
    /// order. The comments under them (`Comment` items, with texts of their own), the votes, the posters' cards and
    /// the form for a new answer are not the thread's posts.
    ///
    /// `nil` when the page is no such page, or its question or its answers have no text shown outside furniture (a
    /// question not answered yet, answers the page does not mark): the page is then read as any other.
    func questionAndAnswers() -> [Int]? {
        guard
            tree.nodes.indices.contains(where: {
                tree[$0].attribute("itemtype")?.contains("QAPage") == true
                    && Self.itemTypes(of: tree[$0]).contains("QAPage")
            })
        else { return nil }
        var texts: [Int] = []
        var asks = false
        var answers = false
        for index in tree.nodes.indices where !tree[index].isText && Self.isTextProperty(tree[index]) {
            guard !tree[index].isHidden, !boilerplate.excluded[index],
                let item = ancestors(of: index).first(where: { tree[$0].attribute("itemtype") != nil })
            else { continue }
            let types = Self.itemTypes(of: tree[item])
            if types.contains("Question") {
                asks = true
            } else if types.contains("Answer") {
                answers = true
            } else {
                continue
            }
            texts.append(index)
        }
        guard asks, answers else { return nil }
        return outermost(texts)
    }

    /// Whether an element holds an item's `text` property (`itemprop` may name several properties).
    private static func isTextProperty(_ node: HTMLTree.Node) -> Bool {
        guard let names = node.attribute("itemprop") else { return false }
        return names.split(separator: " ").contains("text")
    }

    /// The names of an item's types, without their vocabulary ("https://schema.org/QAPage" is "QAPage").
    private static func itemTypes(of node: HTMLTree.Node) -> [Substring] {
        guard !node.isText, let types = node.attribute("itemtype") else { return [] }
        return types.split(separator: " ").map { type in
            type.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last ?? type
        }
    }
}
