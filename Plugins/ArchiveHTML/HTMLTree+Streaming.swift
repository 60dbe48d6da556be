extension HTMLTree {
    /// React's streaming server rendering sends what was not ready in time at the end of the page, in
    /// `<div hidden id="S:n">`, and a script moves it to where `<template id="B:n">` (a boundary) or
    /// `<template id="P:n">` (a segment) stands. The page a reader sees has it there, shown: the tree is rebuilt
    /// with each such block in its placeholder's place and without its `hidden` attribute.
    mutating func placeStreamedContent() {
        var segments: [Substring: Int] = [:]
        for index in nodes.indices where !nodes[index].isText && nodes[index].attribute("hidden") != nil {
            if let id = nodes[index].attribute("id"), id.hasPrefix("S:") { segments[id.dropFirst(2)] = index }
        }
        guard !segments.isEmpty else { return }
        var placeholders: [Int: Int] = [:]
        for index in nodes.indices where nodes[index].name == "template" {
            guard let id = nodes[index].attribute("id"), id.hasPrefix("B:") || id.hasPrefix("P:"),
                let segment = segments[id.dropFirst(2)]
            else { continue }
            placeholders[index] = segment
        }
        guard !placeholders.isEmpty else { return }
        let streamed = Set(placeholders.values)
        var placed = Set<Int>()
        var rebuilt: [Node] = []
        rebuilt.reserveCapacity(nodes.count)
        // Depth first in document order: (node, its new parent).
        var stack = [(0, -1)]
        while let (original, parent) = stack.popLast() {
            var index = original
            var shown = false
            if let segment = placeholders[original] {
                // A placeholder inside its own block, or one whose block is already placed, stays empty.
                guard placed.insert(segment).inserted else { continue }
                index = segment
                shown = true
            } else if streamed.contains(original) {
                // The block's place is its placeholder's.
                continue
            }
            var node = nodes[index]
            if shown { node.attributes.removeAll { $0.name == "hidden" } }
            node.parent = parent
            node.children = []
            node.isHidden = (parent >= 0 && rebuilt[parent].isHidden) || node.isInvisible
            let position = rebuilt.count
            rebuilt.append(node)
            if parent >= 0 { rebuilt[parent].children.append(position) }
            stack += nodes[index].children.reversed().map { ($0, position) }
        }
        nodes = rebuilt
    }
}
