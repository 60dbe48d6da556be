import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Locale {
    /// libarchive converts entry names through the C locale and crashes on non-ASCII names under "C";
    /// switch `LC_CTYPE` to UTF-8 once before the first archive is opened.
    static func enableUTF8ForLibarchive() {
        _ = libarchiveLocale
    }

    private static let libarchiveLocale: Bool = {
        setlocale(LC_CTYPE, "C.UTF-8") != nil
    }()
}
