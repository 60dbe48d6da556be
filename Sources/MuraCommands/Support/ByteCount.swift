import Foundation

/// A size option as bytes: `1048576`, or with a binary multiple `512K`, `32M`, `1G`; `nil` for anything else
/// (`--max-body-size`, `--max-scratch-size`, `--cache-size`, `--max-document-size`, `receive`'s limits).
func byteCount(_ text: String) -> Int? {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
    if let unit = trimmed.last.flatMap({ units[$0] }), let number = Int(trimmed.dropLast()), number > 0 {
        return number.multipliedReportingOverflow(by: unit).overflow ? nil : number * unit
    }
    return Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
}
