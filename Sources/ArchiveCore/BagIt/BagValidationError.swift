/// The problems found in a bag, each naming the file.
public struct BagValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var bag: String
    public var problems: [String]
    /// The receive limit the bag went over, if that is one of its problems.
    public var exceededLimit: ReceiveLimits.Limit?

    public var description: String { "\(bag): " + problems.joined(separator: "; ") }
}
