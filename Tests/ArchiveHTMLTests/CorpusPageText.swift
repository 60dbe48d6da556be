import ArchiveCore
import ArchiveHTML
import ArchiveTesting
import Foundation
import Testing

/// The main text the HTML importer reads from a real page of the shared corpus's wcxb-dev set ("0550").
func corpusPageText(_ number: String) throws -> String {
    let page = try SharedData.corpusPage("wcxb-dev/pages/\(number).html.gz")
    let request = ImportRequest(data: page, name: "\(number).html")
    return try #require(try HTMLImporter().importDocuments(request).first).document.text
}

/// The main text the HTML importer reads from `html`.
func mainText(of html: String) throws -> String {
    let request = ImportRequest(data: Data(html.utf8), name: "page.html")
    return try #require(try HTMLImporter().importDocuments(request).first).document.text
}
