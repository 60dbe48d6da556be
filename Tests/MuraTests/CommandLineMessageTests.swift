import ArchiveCore
import Foundation
import MuraCommandLine
import Testing

/// An error's line on the command line: its message, the option at fault, and what the system said in its words.
@Suite struct CommandLineMessageTests {
    @Test func aSystemErrorIsSaidInWordsNotDumped() {
        let full = CocoaError(
            .fileWriteOutOfSpace,
            userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))]
        )
        let error = ArchiveError(.writeFailed, "Could not write the bag /srv/out.", underlying: full)
        let line = error.commandLineMessage
        #expect(line.hasPrefix("Could not write the bag /srv/out. ("), "\(line)")
        #expect(line.contains(String(cString: strerror(ENOSPC))), "\(line)")
        #expect(!line.contains("Error Domain"), "\(line)")
        let plain = ArchiveError(
            .writeFailed,
            "Could not write.",
            underlying: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))
        )
        #expect(plain.commandLineMessage.contains(String(cString: strerror(EACCES))), "\(plain.commandLineMessage)")
    }

    @Test func controlCharactersInANameAreShownNotSentToTheTerminal() {
        // A file named with an escape sequence (or a received bag's id holding one) would recolour or retitle the
        // terminal that prints the error; line breaks and tabs between the message's lines stay.
        let error = ArchiveError(.unreadableInput, "Cannot read news\u{1B}]0;owned\u{07}.txt.\n\tsecond line\u{9B}")
        #expect(error.commandLineMessage == "Cannot read news\\u{1B}]0;owned\\u{7}.txt.\n\tsecond line\\u{9B}")
    }
}
