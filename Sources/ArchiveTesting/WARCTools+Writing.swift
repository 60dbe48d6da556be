public import Foundation
import Testing

/// One record for ``WARCTools/write(_:to:version:gzip:)`` to write with warcio.
public struct WARCSpecRecord: Encodable, Sendable {
    /// `warcinfo`, `request`, `response`, `resource`, `revisit` or `metadata`.
    public var type: String
    public var uri: String
    /// `WARC-Date`.
    public var date: String
    /// The block (a response's body, after its HTTP head), base64.
    public var body: String
    /// A response's status line after the protocol (`200 OK`), or a request's line (`GET /x HTTP/1.1`).
    public var status: String?
    /// The HTTP header fields, in order.
    public var headers: [[String]]
    /// `Content-Type` of a resource or metadata record.
    public var contentType: String?
    /// More WARC fields.
    public var fields: [String: String]
    /// For a revisit: the `name` of the record it refers to (its digest, URI, date and `WARC-Refers-To` are used);
    /// without it, the revisit carries only the `WARC-Payload-Digest` given in `fields`.
    public var refers: String?
    /// A name other records refer to.
    public var name: String?
    /// Whether the body is gzipped, then sent in chunks, before it is written (give the header fields that say so).
    public var gzip = false
    public var chunked = false

    public init(
        _ type: String,
        _ uri: String,
        date: String,
        body: Data = Data(),
        status: String? = nil,
        headers: [(String, String)] = [],
        contentType: String? = nil,
        fields: [String: String] = [:],
        refers: String? = nil,
        name: String? = nil
    ) {
        self.type = type
        self.uri = uri
        self.date = date
        self.body = body.base64EncodedString()
        self.status = status
        self.headers = headers.map { [$0.0, $0.1] }
        self.contentType = contentType
        self.fields = fields
        self.refers = refers
        self.name = name
    }
}

extension WARCTools {
    /// Writes `records` with warcio's `WARCWriter` to `url`: WARC `version` 1.0 or 1.1, one gzip member per record
    /// or plain.
    public func write(_ records: [WARCSpecRecord], to url: URL, version: String = "1.1", gzip: Bool = true) throws {
        let script = """
            import base64, gzip, io, json, sys
            from warcio.warcwriter import WARCWriter
            from warcio.statusandheaders import StatusAndHeaders
            spec = json.load(open(sys.argv[1]))
            with open(spec["path"], "wb") as out:
                writer = WARCWriter(out, gzip=spec["gzip"], warc_version=spec["version"])
                named = {}
                for r in spec["records"]:
                    body = base64.b64decode(r["body"])
                    if r["gzip"]:
                        body = gzip.compress(body)
                    if r["chunked"]:
                        parts = [body[i:i + 100] for i in range(0, len(body), 100)]
                        body = b"".join(b"%x\\r\\n%s\\r\\n" % (len(p), p) for p in parts) + b"0\\r\\n\\r\\n"
                    fields = {"WARC-Date": r["date"]}
                    fields.update(r["fields"])
                    http = None
                    if r.get("status"):
                        http = StatusAndHeaders(r["status"], [tuple(h) for h in r["headers"]], protocol="HTTP/1.1",
                                                is_http_request=r["type"] == "request")
                    if r["type"] == "warcinfo":
                        record = writer.create_warcinfo_record("test.warc", {"software": "warcio"})
                    elif r["type"] == "revisit" and not r.get("refers"):
                        record = writer.create_revisit_record(
                            r["uri"], digest=fields.pop("WARC-Payload-Digest"), refers_to_uri=r["uri"],
                            refers_to_date=r["date"], http_headers=http, warc_headers_dict=fields)
                    elif r["type"] == "revisit":
                        ref = named[r["refers"]].rec_headers
                        record = writer.create_revisit_record(
                            r["uri"], digest=ref.get_header("WARC-Payload-Digest"),
                            refers_to_uri=ref.get_header("WARC-Target-URI"),
                            refers_to_date=ref.get_header("WARC-Date"), http_headers=http, warc_headers_dict=fields)
                        record.rec_headers.add_header("WARC-Refers-To", ref.get_header("WARC-Record-ID"))
                    else:
                        record = writer.create_warc_record(
                            r["uri"], r["type"], payload=io.BytesIO(body), length=len(body),
                            warc_content_type=r.get("contentType") or "", warc_headers_dict=fields, http_headers=http)
                    writer.write_record(record)
                    if r.get("name"):
                        named[r["name"]] = record
            """
        let folder = url.deletingLastPathComponent()
        let specFile = folder.appending(path: ".warc-spec-\(UUID().uuidString.prefix(8)).json")
        defer { try? FileManager.default.removeItem(at: specFile) }
        struct Spec: Encodable {
            var path: String
            var gzip: Bool
            var version: String
            var records: [WARCSpecRecord]
        }
        try JSONEncoder().encode(Spec(path: url.path, gzip: gzip, version: version, records: records)).write(
            to: specFile
        )
        let result = try ProcessRunner.run(bin.appending(path: "python"), ["-c", script, specFile.path])
        try #require(result.status == 0, "warcio could not write \(url.lastPathComponent): \(result.stderrText)")
    }

    /// Packs `warcs` into a WACZ at `url` with Python's zipfile: each under `archive/` (stored, as WACZ asks), with a
    /// `datapackage.json` and `pages/pages.jsonl` beside them.
    public func wacz(_ warcs: [URL], to url: URL) throws {
        let script = """
            import json, os, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
                z.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0"}) + "\\n")
                for path in sys.argv[2:]:
                    z.write(path, "archive/" + os.path.basename(path), compress_type=zipfile.ZIP_STORED)
            """
        let result = try ProcessRunner.run(bin.appending(path: "python"), ["-c", script, url.path] + warcs.map(\.path))
        try #require(result.status == 0, "could not write \(url.lastPathComponent): \(result.stderrText)")
    }
}
