public import ArchiveCore

extension ArchiveError {
    /// The exit code for this error: 65 for bad input data, 66 for a missing archive, document, token or file,
    /// 64 for a malformed option, 73 for an output that cannot be written, 74 for a failure to read or write the
    /// archive itself (its bundles, damaged or not, or its catalog), 69 for a page that could not be fetched, 1
    /// otherwise.
    public var exitStatus: Int32 {
        switch code {
        case .emptyInput, .undecodableInput, .unknownFormat, .captureConflict, .invalidBag, .inputTooLarge: 65
        case .notAnArchive, .unknownDocument, .unknownVersion, .unknownToken, .unreadableInput, .beforeFirstCapture,
            .nothingSelected,
            .gone:
            66
        case .invalidDate, .invalidArgument, .invalidSettings: 64
        case .writeFailed: 73
        case .bundleIO, .catalog, .corruptBundle: 74
        case .fetchFailed: 69
        default: 1
        }
    }

    /// The message as the command line shows it: the option that sets the field at fault follows it.
    public var commandLineMessage: String {
        var text = message
        if let option = field?.option { text += " (\(option))" }
        // The cause, unless the message says it already (a fetch names what went wrong in its own words).
        if let underlying, case let cause = SystemError.describe(underlying), !message.contains(cause) {
            text += " (\(cause))"
        }
        // A damaged bundle is the archive's own file: what to do is the same whichever read found it.
        if code == .corruptBundle, !message.contains("mura verify") {
            text +=
                " The archive's copy is damaged: `mura verify` names every version it affects; put the bundle "
                + "back from a backup."
        }
        return Self.printable(text)
    }

    /// `text` with its control characters (an escape sequence in a file name or in a received bag's ids, which a
    /// terminal would act on) shown as `\u{1B}`; line breaks and tabs stay.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isShownEscaped) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isShownEscaped(scalar) {
                shown.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    private static func isShownEscaped(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\n" && scalar != "\t" && scalar.properties.generalCategory == .control
    }
}

extension ArchiveError.Field {
    /// The option (or argument) of `mura` that sets this field.
    public var option: String? {
        switch self {
        case .documentID: "--id"
        case .sourceURL: "--url"
        case .capturedAt: "--captured-at"
        case .format: "--format"
        case .mediaType: "--media-type"
        case .documents: "document ids, or --all"
        case .package: "--package"
        case .serialization: "the extension of --to"
        case .renderings: "--render"
        case .since: "--since"
        case .until: "--until"
        case .from: "--from"
        case .to: "--to"
        case .at: "--at"
        case .limit: "--limit"
        case .offset: "--offset"
        case .name: "--name"
        default: nil
        }
    }
}
