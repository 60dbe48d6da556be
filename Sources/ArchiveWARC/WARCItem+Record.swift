import ArchiveCore
import Foundation

extension WARCItem {
    /// Whether the reader keeps the block of a record of this header: those that may become versions, up to
    /// `limit` bytes (a larger one is reported, not held).
    static func keepsBlock(_ header: WARCRecordHeader, length: Int, limit: Int) -> Bool {
        ["response", "resource"].contains(header.type) && length <= limit
    }

    /// What `record` of the file called `file` asks of the archive; its block is read as an HTTP response (a
    /// `response` record) or as the content itself (a `resource` record), whose body may be at most `limit` bytes.
    public init(_ record: WARCRecord, file: String, limit: Int) {
        let header = record.header
        let uri = header.targetURI
        label = "\(file) record \(record.number)" + (uri.map { " (\($0.prefix(300)))" } ?? "")
        recordID = header.recordID
        targetURI = uri
        payloadDigest = header["WARC-Payload-Digest"]
        do {
            action = try Self.action(record, label: label, limit: limit)
        } catch let error as WARCFormatError {
            action = .fail(
                ArchiveError(.undecodableInput, "\(label) \(error.problem); the other records are read.")
            )
        } catch let error as ArchiveError {
            action = .fail(error)
        } catch {
            action = .fail(ArchiveError(.undecodableInput, "\(label) cannot be read: \(error)"))
        }
    }

    private static func action(_ record: WARCRecord, label: String, limit: Int) throws -> Action {
        let header = record.header
        let type = header.type
        guard ["response", "resource", "revisit"].contains(type) else {
            return .skip(type.isEmpty ? "no WARC-Type" : type)
        }
        guard let uri = header.targetURI, !uri.isEmpty else { throw WARCFormatError("has no WARC-Target-URI") }
        let date = try header.date()
        let identity = try Identity(uri: uri, header: header, label: label)
        if type == "revisit" {
            let profile = header["WARC-Profile"]?.lowercased() ?? ""
            return .revisit(
                WARCRevisit(
                    documentID: identity.documentID ?? PageIdentity.id(of: uri) ?? uri,
                    targetURI: uri,
                    date: date,
                    refersTo: header["WARC-Refers-To"].map(WARCRecordHeader.unbracketed),
                    payloadDigest: header["WARC-Payload-Digest"],
                    notModified: profile.hasSuffix("/server-not-modified")
                )
            )
        }
        if header["WARC-Truncated"] != nil { return .skip("truncated") }
        guard let block = record.block else {
            throw ArchiveError(
                .inputTooLarge,
                "\(label) is \(record.length >> 20) MB, more than the \(limit >> 20) MB one input may be; ingest the "
                    + "file again with a larger --max-document-size if it really is one publication."
            )
        }
        let fileName = URL(string: uri)?.lastPathComponent.nonEmpty
        if type == "resource" {
            guard !block.isEmpty else { return .skip("empty") }
            return .capture(
                IngestRequest(
                    data: block,
                    name: label,
                    fileName: fileName,
                    mediaType: header.contentType,
                    documentID: identity.documentID,
                    sourceURL: identity.sourceURL,
                    capturedAt: date,
                    pageURL: identity.pageURL
                )
            )
        }
        // A response: the HTTP response of an http(s) URL (not a DNS lookup or another protocol's answer).
        guard header.contentType?.lowercased().contains("application/http") == true, identity.pageURL != nil else {
            return .skip("not an HTTP response")
        }
        let response = try HTTPResponseBlock.parse(block, maximumBodyBytes: limit)
        switch response.status {
        case 200..<300 where ![204, 206].contains(response.status):
            guard !response.body.isEmpty else { return .skip("empty") }
            return .capture(
                IngestRequest(
                    data: response.body,
                    name: label,
                    fileName: fileName,
                    mediaType: response.headers.first { $0.name.lowercased() == "content-type" }?.value,
                    documentID: identity.documentID,
                    capturedAt: date,
                    response: CapturedResponse(
                        url: uri,
                        status: response.status,
                        reason: response.reason,
                        headers: response.headers
                    ),
                    pageURL: identity.pageURL
                )
            )
        case 304:
            return .revisit(
                WARCRevisit(
                    documentID: identity.documentID ?? PageIdentity.id(of: uri) ?? uri,
                    targetURI: uri,
                    date: date,
                    notModified: true
                )
            )
        case 404, 410:
            return .removal(
                documentID: identity.documentID ?? PageIdentity.id(of: uri) ?? uri,
                status: response.status,
                at: date
            )
        case 300..<400: return .skip("redirect")
        case 200..<300: return .skip("partial or empty response")
        default: return .skip("HTTP \(response.status / 100)xx")
        }
    }

    /// How a record's target URI names its document.
    private struct Identity {
        /// An explicit id: Mura's own field, or the name in a `urn:mura:document:` URI, or a URI of another scheme.
        var documentID: String?
        /// The source URL of a resource that was not fetched (Mura's export writes its source URL as the URI).
        var sourceURL: String?
        /// An http(s) URL the content came from, named as captures name pages.
        var pageURL: String?

        init(uri: String, header: WARCRecordHeader, label: String) throws {
            documentID = try header[Archive.warcDocumentIDField].map { try DocumentID.validate($0, source: label) }
            let lowered = uri.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
                guard PageIdentity.id(of: uri) != nil else {
                    throw WARCFormatError("has the WARC-Target-URI '\(uri.prefix(200))', which is not a usable URL")
                }
                if documentID != nil, header.type == "resource", SourceURL.isValid(uri) {
                    // Mura's own export of a version that was not fetched: its id and source URL as they were.
                    sourceURL = uri
                } else {
                    pageURL = uri
                }
            } else if lowered.hasPrefix("urn:mura:document:") {
                let name = String(uri.dropFirst("urn:mura:document:".count))
                documentID = try documentID ?? DocumentID.validate(name.removingPercentEncoding ?? name, source: label)
            } else {
                documentID = try documentID ?? DocumentID.validate(uri, source: label)
            }
        }
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty || self == "/" ? nil : self }
}
