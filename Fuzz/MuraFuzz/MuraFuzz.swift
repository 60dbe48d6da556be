import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One libFuzzer executable for every parser that untrusted bytes reach. The target is named by the environment
// variable MURA_FUZZ_TARGET (an environment variable, not an argument, because libFuzzer re-runs this executable
// with its own arguments for -merge and -fork); MURA_FUZZ_TARGET=list prints the targets. Scripts/fuzz builds and
// runs it with AddressSanitizer.

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target this process runs; set once in `main`, before libFuzzer calls `fuzzOne`, and read only after.
nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let selected else { return 0 }
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    selected.run(input)
    return 0
}

@_cdecl("MuraFuzz_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let name = ProcessInfo.processInfo.environment["MURA_FUZZ_TARGET"] ?? ""
    if name == "list" {
        for target in FuzzTarget.all { print("\(target.name)\t\(target.maximumLength)\t\(target.summary)") }
        return 0
    }
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(
            Data("MURA_FUZZ_TARGET names no fuzz target ('\(name)'); use one of: \(names).\n".utf8)
        )
        return 2
    }
    selected = target
    FuzzScratch.shared.removeOnExit()
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzzOne)
}
