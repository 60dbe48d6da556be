import Foundation

/// One fuzz target: a name for `Scripts/fuzz`, what it covers, and the call it makes with each input. A target
/// never crashes on its own account: errors thrown by the code under test are the expected answer to bad input.
struct FuzzTarget: Sendable {
    var name: String
    /// The largest input libFuzzer makes (`-max_len`); longer seeds are cut to it.
    var maximumLength: Int
    var summary: String
    var run: @Sendable (Data) -> Void

    /// Every target, in the order `Scripts/fuzz all` runs them.
    static let all: [FuzzTarget] = importers + bags + http + settings + capture + warc
}
