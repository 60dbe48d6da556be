public import Foundation
public import Testing

/// What some tests need from outside the package: a tool on `PATH` (the Python validators, bsdtar) or the shared
/// development data. A test names its need with a trait, so that where the need is not met it is reported as
/// skipped, with the reason, instead of passing without having checked anything:
///
/// ```swift
/// @Test(.requires(tools: "bagit.py")) func bagsPassBagitValidate() throws {
///     let bagit = try TestRequirement.tool("bagit.py")
/// ```
///
/// `Scripts/test` sets `MURA_REQUIRE_ALL_TESTS=1` when it runs the whole suite, as CI does: then every such test
/// runs, and one whose tool or data is missing fails, naming it, so CI never passes with a test skipped.
public enum TestRequirement {
    /// Whether every test must run, whatever is missing (`MURA_REQUIRE_ALL_TESTS=1`).
    public static var allRequired: Bool { ProcessInfo.processInfo.environment["MURA_REQUIRE_ALL_TESTS"] == "1" }

    /// Where the tool `name` is on `PATH`.
    ///
    /// - Throws: the failed requirement (the test fails, naming the tool) when it is not on `PATH`.
    public static func tool(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(
            ProcessRunner.find(name),
            "\(name) is not on PATH; Scripts/test installs it",
            sourceLocation: sourceLocation
        )
    }

    /// Whether `python3` on `PATH` imports `module`.
    public static func hasPythonModule(_ module: String) -> Bool {
        guard let python = ProcessRunner.find("python3") else { return false }
        return (try? ProcessRunner.run(python, ["-c", "import \(module)"]).status) == 0
    }

    /// Fails the test, naming the shared data, when it is not there.
    public static func sharedData(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(SharedData.isAvailable, SharedData.skipMessage, sourceLocation: sourceLocation)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where every tool named is on `PATH`, or where every test must run.
    public static func requires(tools names: String..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let missing = Comment(
            rawValue: names.count == 1
                ? "\(names[0]) is not installed; Scripts/test installs it"
                : "\(names.joined(separator: ", ")) are not all installed; Scripts/test installs them"
        )
        return .enabled(
            if: TestRequirement.allRequired || names.allSatisfy { ProcessRunner.find($0) != nil },
            missing,
            sourceLocation: sourceLocation
        )
    }

    /// Runs the test only where `python3` imports `module`, or where every test must run.
    public static func requires(pythonModule module: String, sourceLocation: SourceLocation = #_sourceLocation) -> Self
    {
        .enabled(
            if: TestRequirement.allRequired || TestRequirement.hasPythonModule(module),
            Comment(rawValue: "the Python module \(module) is not installed; Scripts/test installs it"),
            sourceLocation: sourceLocation
        )
    }

    /// Runs the test only where the shared development data is (``SharedData``), or where every test must run.
    public static var requiresSharedData: Self {
        .enabled(if: TestRequirement.allRequired || SharedData.isAvailable, SharedData.skipMessage)
    }
}
