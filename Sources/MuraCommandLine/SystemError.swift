import Foundation

/// What the system said went wrong, in its words (`No space left on device`), not as the dump of an error object
/// (`Error Domain=NSCocoaErrorDomain Code=640 …`).
enum SystemError {
    static func describe(_ error: any Error) -> String {
        let object = error as NSError
        let posix = object.domain == NSPOSIXErrorDomain ? object : object.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix, posix.domain == NSPOSIXErrorDomain, let code = Int32(exactly: posix.code) {
            return String(cString: strerror(code))
        }
        if object.domain == NSCocoaErrorDomain { return object.localizedDescription }
        return "\(error)"
    }
}
