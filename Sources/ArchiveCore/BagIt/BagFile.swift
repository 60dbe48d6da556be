public import Foundation

/// One file inside a bundle: a path relative to the bag root and its bytes.
public struct BagFile: Hashable, Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}
