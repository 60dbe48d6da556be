import Foundation
import HTTPTypes

extension HTTPFields {
    /// The comma-separated items of every `name` field, trimmed and in lower case, as `Connection`,
    /// `Transfer-Encoding` and `Content-Encoding` list theirs (`gzip, chunked`).
    func tokens(_ name: HTTPField.Name) -> [String] {
        self[values: name].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}
