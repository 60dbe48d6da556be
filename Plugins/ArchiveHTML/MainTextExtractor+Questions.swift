extension MainTextExtractor {
    /// On a page that says, in microdata, that it is a question and its answers (schema.org `QAPage`), the texts of
    /// the question and of its answers: the `text` properties of its `Question` and `Answer` items, in document
    /// order. The comments under them (items of their own, with texts of their own), the votes, the posters' cards
    /// and the form for a new answer are not the thread's posts.
    ///
    /// `nil` when the page is no such page, when its question or any answer it shows has no text shown outside
    /// furniture (a question not answered yet, an answer whose text the page does not mark or loads later): the
    /// page is then read as any other.
    func questionAndAnswers() -> [Int]? {
        guard
            tree.nodes.indices.contains(where: {
                tree[$0].attribute("itemtype")?.contains("QAPage") == true
                    && Self.itemTypes(of: tree[$0]).contains("QAPage")
            })
        else { return nil }
        var texts: [Int] = []
        var asks = false
        // The answers shown, and those whose text was found.
        var answers = Set<Int>()
        var answered = Set<Int>()
        for index in tree.nodes.indices where !tree[index].isText {
            let node = tree[index]
            if Self.itemTypes(of: node).contains("Answer"), !node.isHidden, !boilerplate.excluded[index] {
                answers.insert(index)
            }
            guard Self.isTextProperty(node), !node.isHidden, !boilerplate.excluded[index],
                !visibleText(index).allSatisfy(\.isWhitespace),
                let item = ancestors(of: index).first(where: { Self.isItem(tree[$0]) })
            else { continue }
            let types = Self.itemTypes(of: tree[item])
            if types.contains("Question") {
                asks = true
            } else if types.contains("Answer") {
                answered.insert(item)
            } else {
                continue
            }
            texts.append(index)
        }
        guard asks, !answered.isEmpty, answered == answers, !leavesAnswersOut(answers) else { return nil }
        return outermost(texts)
    }

    /// Whether the page shows answers it does not mark: elements of an answer's name and class that are no items
    /// (a page that marks its accepted answer alone).
    private func leavesAnswersOut(_ answers: Set<Int>) -> Bool {
        let kinds = Set(
            answers.compactMap { answer in tree[answer].attribute("class").map { "\(tree[answer].name) \($0)" } }
        )
        guard !kinds.isEmpty else { return false }
        return tree.nodes.indices.contains { index in
            guard !answers.contains(index), !tree[index].isText, !tree[index].isHidden, !boilerplate.excluded[index],
                let name = tree[index].attribute("class"), kinds.contains("\(tree[index].name) \(name)")
            else { return false }
            return !Self.isItem(tree[index])
        }
    }

    /// Whether an element is a microdata item: `itemscope`, with or without a type.
    private static func isItem(_ node: HTMLTree.Node) -> Bool {
        node.attribute("itemscope") != nil || node.attribute("itemtype") != nil
    }

    /// Whether an element holds an item's `text` property (`itemprop` may name several properties).
    private static func isTextProperty(_ node: HTMLTree.Node) -> Bool {
        guard let names = node.attribute("itemprop") else { return false }
        return names.split(separator: " ").contains("text")
    }

    /// The names of an item's types, without their vocabulary ("https://schema.org/QAPage" is "QAPage").
    private static func itemTypes(of node: HTMLTree.Node) -> [Substring] {
        guard !node.isText, let types = node.attribute("itemtype") else { return [] }
        return types.split(separator: " ").map(HTMLMetadata.typeName)
    }
}
