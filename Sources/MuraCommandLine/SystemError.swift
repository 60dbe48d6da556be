import Foundation

/// What the system said went wrong, in its words (`No space left on device`), not as the dump of an error object
/// (`Error Domain=NSCocoaErrorDomain Code=640 …`).
public enum SystemError {
    public static func describe(_ error: any Error) -> String {
        let object = error as NSError
        let posix = object.domain == NSPOSIXErrorDomain ? object : object.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix, posix.domain == NSPOSIXErrorDomain, let code = Int32(exactly: posix.code) {
            return String(cString: strerror(code))
        }
        // Said inside a sentence: without its own full stop.
        if object.domain == NSCocoaErrorDomain {
            let text = object.localizedDescription
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        }
        return "\(error)"
    }
}
