import ArchiveCore
import ArgumentParser
import Foundation
import MuraCommandLine

/// The inputs of `ingest` and `inspect`, and the options that describe them.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, folders (read recursively) or '-' for standard input.")
    var paths: [String]

    @Option(help: "The input format (default: by media type, extension, then content). See `mura plugins`.")
    var format: DocumentFormat?

    @Option(help: "The media type of the input, such as text/plain.")
    var mediaType: String?

    @Option(help: "The document id (default: the source URL, else the file name).")
    var id: String?

    @Option(help: "The source URL of the document.")
    var url: String?

    @Option(
        help: ArgumentHelp(
            "A file of 'PATH<TAB>URL' lines giving each input's source URL (for saved pages in batches).",
            valueName: "file"
        )
    )
    var urlMap: String?

    @Option(
        help: ArgumentHelp(
            "The largest input read: bytes, or with K, M or G (default 64M).",
            discussion: "A larger input is refused, naming it; an importer's working memory is several times the input."
        )
    )
    var maxDocumentSize = "64M"

    /// ``maxDocumentSize`` in bytes.
    var maximumDocumentBytes: Int { byteCount(maxDocumentSize) ?? 64 << 20 }

    func validate() throws {
        guard byteCount(maxDocumentSize) != nil else {
            throw ValidationError(
                "--max-document-size '\(maxDocumentSize)' is not a size such as 64M, 512K or 1048576."
            )
        }
        if paths.isEmpty { throw ValidationError("Name at least one file or folder, or '-' for standard input.") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input ('-') can be read once.") }
    }

    /// One input: a file or standard input.
    ///
    /// Batches can hold hundreds of thousands of inputs, so an input in a folder keeps only its path inside the
    /// folder (most are short enough to be stored inline); the folder's names are shared by all its inputs.
    struct Item: Sendable {
        private enum Place: Sendable {
            case standardInput
            case file(shown: String, absolute: String)
            case inFolder(Folder, relative: String)
            /// A path that could not be read at all (a folder that cannot be listed, a path that does not exist): an
            /// input that failed, reported in its place while the rest of the batch goes on.
            case failed(shown: String, error: ArchiveError)
        }

        /// A folder named on the command line: as given, and its absolute path ending in `/`.
        final class Folder: Sendable {
            let shown: String
            let base: String

            init(shown: String, base: String) {
                self.shown = shown
                self.base = base
            }
        }

        private var place: Place
        var sourceURL: String?
        /// The other inputs whose file names give this one's fallback id (``IngestRequest/fallbackSharedWith``).
        var fallbackSharedWith: [String] = []

        static let standardInput = Item(place: .standardInput)

        static func file(shown: String, absolute: String) -> Item {
            Item(place: .file(shown: shown, absolute: absolute))
        }

        static func inFolder(_ folder: Folder, relative: String) -> Item {
            Item(place: .inFolder(folder, relative: relative))
        }

        static func unlisted(shown: String, reason: String) -> Item {
            let message =
                "Cannot list the folder \(shown): \(reason); its files were not archived. Check its permissions."
            return Item(place: .failed(shown: shown, error: ArchiveError(.unreadableInput, message)))
        }

        static func missing(shown: String) -> Item {
            Item(place: .failed(shown: shown, error: Self.missingError(shown)))
        }

        static func missingError(_ shown: String) -> ArchiveError {
            ArchiveError(.unreadableInput, "\(shown) does not exist. Check the path.")
        }

        /// A limit in the largest unit that divides it: 64 MB, 64 KB, 100 bytes.
        private static func size(_ bytes: Int) -> String {
            if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
            if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
            return bytes == 1 ? "1 byte" : "\(bytes) bytes"
        }

        /// Reads `handle` in blocks and stops past `limit`: a pipe or a device has no size to look at first, and a
        /// device such as /dev/zero never ends.
        private static func readStream(_ handle: FileHandle, name: String, limit: Int) throws -> Data {
            var read = Data()
            while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty {
                read.append(block)
                guard read.count <= limit else { throw tooLarge(name, limit: limit) }
            }
            return read
        }

        static func tooLarge(_ name: String, limit: Int) -> ArchiveError {
            ArchiveError(
                .inputTooLarge,
                "\(name) is larger than \(Self.size(limit)), the most one input may be; archive it with a larger "
                    + "--max-document-size if it really is one publication."
            )
        }

        /// The input as reports name it: the path as given, or "stdin".
        var name: String {
            switch place {
            case .standardInput: "stdin"
            case .file(let shown, _): shown
            case .inFolder(let folder, let relative): (folder.shown as NSString).appendingPathComponent(relative)
            case .failed(let shown, _): shown
            }
        }

        /// Whether the input was found in a folder named on the command line.
        var isInFolder: Bool {
            if case .inFolder = place { return true }
            return false
        }

        /// The file's absolute path, or `nil` for standard input.
        var file: String? {
            switch place {
            case .standardInput: nil
            case .file(_, let absolute): absolute
            case .inFolder(let folder, let relative): folder.base + relative
            case .failed: nil
            }
        }

        /// The document id an input without a URL gets, from its path inside the folder or its file name.
        var fallbackID: String? {
            switch place {
            case .standardInput: nil
            case .file(_, let absolute): DocumentID.derived(fromRelativePath: (absolute as NSString).lastPathComponent)
            case .inFolder(_, let relative): DocumentID.derived(fromRelativePath: relative)
            case .failed: nil
            }
        }

        func request(_ options: InputOptions) throws -> IngestRequest {
            if case .failed(_, let error) = place { throw error }
            let data: Data
            let limit = options.maximumDocumentBytes
            if let file, !OutputFile.isStream(file) {
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                guard size <= limit else { throw Self.tooLarge(name, limit: limit) }
                do {
                    data = try Data(contentsOf: URL(filePath: file))
                } catch {
                    throw ArchiveError(
                        .unreadableInput,
                        "Cannot read \(name): \(SystemError.describe(error)). Check that it exists and is readable."
                    )
                }
            } else if let file {
                // A pipe or a device named as a file (`<(curl …)`, /dev/stdin) is read as standard input is.
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    throw ArchiveError(.unreadableInput, "Cannot read \(name). Check that it exists and is readable.")
                }
                defer { try? handle.close() }
                data = try Self.readStream(handle, name: name, limit: limit)
            } else {
                data = try Self.readStream(FileHandle.standardInput, name: name, limit: limit)
            }
            return IngestRequest(
                data: data,
                name: name,
                fileName: file.map { ($0 as NSString).lastPathComponent },
                mediaType: options.mediaType,
                format: options.format,
                documentID: options.id,
                sourceURL: options.url ?? sourceURL,
                fallbackID: fallbackID,
                fallbackSharedWith: fallbackSharedWith
            )
        }
    }

    /// Expands the paths into inputs: folders recursively (hidden files skipped; links and other files that are not
    /// regular named as skipped), in name order.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unreadableInput`` when the one path given does not exist (in a
    ///   batch, a missing path is an input that failed), and
    ///   ``ArchiveError/Code-swift.struct/invalidArgument`` when --id or --url is given for several inputs.
    func collect() throws -> [Item] {
        // An id or a URL given for every input is checked once, before any is read: a bad one is the command's
        // mistake (exit 64), not a failure of each input.
        if let id { _ = try DocumentID.validate(id, source: "--id") }
        if let url { _ = try SourceURL.validate(url, field: "--url") }
        var items: [Item] = []
        for path in paths {
            if path == "-" {
                items.append(.standardInput)
                continue
            }
            let url = URL(filePath: path).standardizedFileURL
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                // One path alone that is missing is the command's mistake; in a batch, it is one input that failed.
                guard paths.count > 1 else { throw Item.missingError(path) }
                items.append(.missing(shown: path))
                continue
            }
            if isFolder.boolValue {
                items += try files(in: url, shownAs: path)
            } else {
                items.append(.file(shown: path, absolute: url.path))
            }
        }
        if items.count > 1, id != nil || url != nil {
            throw ArchiveError(
                .invalidArgument,
                "--id and --url name one document, but \(items.count) inputs were given; ingest them one at a time "
                    + "or give the URLs with --url-map."
            )
        }
        if let urlMap {
            let urls = try Self.readURLMap(urlMap)
            for index in items.indices {
                items[index].sourceURL = items[index].file.flatMap {
                    urls[$0] ?? urls[($0 as NSString).lastPathComponent]
                }
            }
        }
        // An input with a URL is named by it; the others, by their file names, which may give one id to several.
        let shared = DocumentID.sharingFallbacks(items.map { ($0.name, $0.sourceURL == nil ? $0.fallbackID : nil) })
        for index in items.indices { items[index].fallbackSharedWith = shared[index] }
        return items
    }

    /// Reads `PATH<TAB>URL` lines; a path is matched as given (made absolute) and by its file name.
    private static func readURLMap(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchiveError(.unreadableInput, "Cannot read the URL map \(path). Check that it exists.")
        }
        var urls: [String: String] = [:]
        // Lines end in LF or CRLF (a map written on Windows); "\r\n" is one character in Swift.
        let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false) { $0.isNewline }
        for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: "\t", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw ArchiveError(
                    .invalidArgument,
                    "\(path), line \(number + 1): expected 'PATH<TAB>URL', found '\(line.prefix(80))'."
                )
            }
            urls[URL(filePath: fields[0]).standardizedFileURL.path] = fields[1]
            urls[(fields[0] as NSString).lastPathComponent] = fields[1]
        }
        return urls
    }

    private func files(in folder: URL, shownAs path: String) throws -> [Item] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]
        let base = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        // A folder that cannot be listed (its permissions) is an input that failed, not one passed over in silence.
        var unlisted: [Item] = []
        guard
            let enumerator = FileManager.default.enumerator(
                at: folder,
                includingPropertiesForKeys: keys,
                options: [.skipsHiddenFiles],
                errorHandler: { url, error in
                    let relative = String(url.standardizedFileURL.path.dropFirst(base.count))
                    let shown = (path as NSString).appendingPathComponent(relative)
                    unlisted.append(.unlisted(shown: shown, reason: SystemError.describe(error)))
                    return true
                }
            )
        else {
            throw ArchiveError(.unreadableInput, "Cannot list the folder \(path). Check its permissions.")
        }
        let shared = Item.Folder(shown: path, base: base)
        var relatives: [String] = []
        for case let file as URL in enumerator {
            let values = try? file.resourceValues(forKeys: Set(keys))
            let relative = String(file.standardizedFileURL.path.dropFirst(base.count))
            if values?.isRegularFile == true {
                relatives.append(relative)
            } else if values?.isDirectory != true {
                // Said, not passed over in silence: a link is not followed (it may point anywhere on the machine),
                // and a pipe or a device is no file to archive.
                let kind = values?.isSymbolicLink == true ? "a symbolic link, not followed" : "not a regular file"
                Console.note("skipped \((path as NSString).appendingPathComponent(relative)): \(kind)")
            }
        }
        // In name order: the names shown share the folder's prefix, so the paths inside it decide the order.
        return relatives.sorted().map { Item.inFolder(shared, relative: $0) } + unlisted
    }
}
