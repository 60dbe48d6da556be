/// Finds where JSON text first stops being valid, for error messages only (Foundation parses; this only points).
/// Foundation's parser names an offset for most errors but not for all: an unterminated string, array or object, a
/// misspelt literal (`tru`) or a trailing comma before the end come back as "Unexpected end of file" with no place.
enum JSONSyntax {
    /// The offset of the first byte that cannot continue valid JSON text (RFC 8259), the input's length when the
    /// text ends too early, or `nil` when the syntax is valid (the problem is then a value, such as a number out of
    /// range or a lone surrogate).
    static func firstError(in bytes: [UInt8]) -> Int? {
        var scanner = Scanner(bytes: bytes)
        return scanner.scan()
    }

    /// An iterative scanner: nesting depth costs heap, not stack (no recursion).
    private struct Scanner {
        enum Container { case object, array }
        let bytes: [UInt8]
        var index = 0
        var stack: [Container] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// What may come next.
        enum Expectation { case value, key, next }

        mutating func scan() -> Int? {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            var expectation = Expectation.value
            while true {
                skipSpace()
                switch expectation {
                case .value:
                    guard index < bytes.count else { return index }
                    let depth = stack.count
                    if let error = value() { return error }
                    // A container that is not empty was opened: its first member comes next.
                    if stack.count > depth {
                        expectation = stack.last == .object ? .key : .value
                    } else {
                        expectation = .next
                    }
                case .key:
                    if let error = key() { return error }
                    expectation = .value
                case .next:
                    guard let container = stack.last else { return index == bytes.count ? nil : index }
                    guard index < bytes.count else { return index }
                    let closer = container == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if bytes[index] == closer {
                        stack.removeLast()
                        index += 1
                    } else if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        expectation = container == .object ? .key : .value
                    } else {
                        return index
                    }
                }
            }
        }

        /// One value. A container that is not empty is pushed, and only its opening bracket read.
        private mutating func value() -> Int? {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let container = bytes[index] == UInt8(ascii: "{") ? Container.object : .array
                index += 1
                skipSpace()
                let closer = container == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index < bytes.count, bytes[index] == closer {
                    index += 1
                    return nil
                }
                stack.append(container)
                return nil
            case UInt8(ascii: "\""):
                return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return number()
            default:
                return index
            }
        }

        /// An object's key and its colon.
        private mutating func key() -> Int? {
            skipSpace()
            guard index < bytes.count else { return index }
            guard bytes[index] == UInt8(ascii: "\"") else { return index }
            if let error = string() { return error }
            skipSpace()
            guard index < bytes.count else { return index }
            guard bytes[index] == UInt8(ascii: ":") else { return index }
            index += 1
            return nil
        }

        private mutating func string() -> Int? {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return nil
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { return index }
                    if bytes[index] == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            index += 1
                            guard index < bytes.count else { return index }
                            guard Self.isHex(bytes[index]) else { return index }
                        }
                    } else if !Array("\"\\/bfnrt".utf8).contains(bytes[index]) {
                        return index
                    }
                    index += 1
                case 0..<0x20:
                    return index
                default:
                    index += 1
                }
            }
            return index
        }

        private mutating func literal(_ word: String) -> Int? {
            for expected in word.utf8 {
                guard index < bytes.count else { return index }
                guard bytes[index] == expected else { return index }
                index += 1
            }
            return nil
        }

        private mutating func number() -> Int? {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { return index }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, Self.isDigit(bytes[index]) { return index }
            } else if !digits() {
                return index
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if !digits() { return index }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                if !digits() { return index }
            }
            return nil
        }

        /// One or more digits.
        private mutating func digits() -> Bool {
            let start = index
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            return index > start
        }

        private mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        private static func isHex(_ byte: UInt8) -> Bool {
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }
    }
}
