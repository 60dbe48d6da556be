public import Foundation
import Testing

/// warcio and pywb as the tests run them (from the Python environment Scripts/test makes): checking a WARC file,
/// indexing its records, and replaying it.
public struct WARCTools: Sendable {
    /// The folder of the tools' commands.
    public let bin: URL

    public init() throws {
        _ = try TestRequirement.tool("wb-manager")
        bin = try TestRequirement.tool("warcio").deletingLastPathComponent()
    }

    /// `warcio check -v`: every record and digest of the file.
    public func check(_ warc: URL) throws -> ProcessRunner.Output {
        try ProcessRunner.run(bin.appending(path: "warcio"), ["check", "-v", warc.path])
    }

    /// `warcio index -f FIELDS`: one dictionary of the fields per record, in order.
    public func index(_ warc: URL, fields: String) throws -> [[String: String]] {
        let index = try ProcessRunner.run(bin.appending(path: "warcio"), ["index", "-f", fields, warc.path])
        return try index.stdoutText.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
    }

    /// A pywb collection `mura` in `folder/pywb` holding `warc`, served by `wayback` on 127.0.0.1: the process
    /// (terminate it when done), its port and its log.
    public func wayback(serving warc: URL, in folder: URL) throws -> (process: ChildProcess, port: Int, log: URL) {
        let root = folder.appending(path: "pywb")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        #expect(try ProcessRunner.run(bin.appending(path: "wb-manager"), ["init", "mura"], in: root).status == 0)
        #expect(
            try ProcessRunner.run(bin.appending(path: "wb-manager"), ["add", "mura", warc.path], in: root).status == 0
        )
        let port = 20_000 + Int.random(in: 0..<20_000)
        let log = folder.appending(path: "wayback.log")
        let process = try ProcessRunner.launch(
            bin.appending(path: "wayback"),
            ["-p", "\(port)", "-b", "127.0.0.1"],
            in: root,
            log: log
        )
        return (process, port, log)
    }

    /// Fetches a URL with the environment's Python, retrying while the server starts (bounded: 15 s): the body and
    /// the header fields (names in lower case).
    public func fetch(_ url: String) throws -> (body: String, headers: [String: String])? {
        let script = """
            import json, sys, urllib.request
            answer = urllib.request.urlopen(sys.argv[1], timeout=5)
            print(json.dumps({"body": answer.read().decode(), "headers": {k.lower(): v for k, v in answer.getheaders()}}))
            """
        var lastError = ""
        for _ in 0..<30 {
            let result = try ProcessRunner.run(bin.appending(path: "python"), ["-c", script, url])
            if result.status == 0,
                let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                let body = object["body"] as? String, let headers = object["headers"] as? [String: String]
            {
                return (body, headers)
            }
            lastError = result.stderrText
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("fetch of \(url) failed: \(lastError.suffix(300))")
        return nil
    }
}
