/// Carries a value that is not `Sendable` (a package writer) from one step of blocking work to the next.
///
/// Only for steps that run one after another, each awaited before the next starts (an export writes version after
/// version): the value is never used from two threads at once.
public struct Handoff<Value>: @unchecked Sendable {
    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }
}
