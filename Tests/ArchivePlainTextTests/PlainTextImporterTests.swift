import ArchiveCore
import ArchivePlainText
import ArchiveTesting
import Foundation
import Testing

@Suite struct PlainTextImporterTests {
    let importer = PlainTextImporter()

    func document(_ data: Data) throws -> Document {
        let documents = try importer.importDocuments(ImportRequest(data: data, name: "test.txt"))
        try #require(documents.count == 1)
        return documents[0].document
    }

    func document(_ text: String) throws -> Document { try document(Data(text.utf8)) }

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    /// A text of short lines only (a poem, a list of names) is the text: a menu is a run of such lines after the text.
    @Test func aTextOfShortLinesIsKept() throws {
        let poem = try document("Ode\n\nRoses are red\nViolets are blue\nSugar is sweet\nAnd so are you")
        #expect(poem.text == "Roses are red Violets are blue Sugar is sweet And so are you")
        let kazakh = try document("Мұра\n\nАлтын күз келді\nЖапырақтар түсті\nҚұстар ұшып кетті\nЖер демалды")
        #expect(kazakh.text.hasPrefix("Алтын күз келді") && kazakh.text.hasSuffix("Жер демалды"))
        let menu = try document("Notice\n\nThe council met on Monday and agreed the budget.\n\nHome\nNews\nContacts")
        #expect(menu.text == "The council met on Monday and agreed the budget.")
    }

    @Test(.requiresSharedData) func governmentFactsheetSample() throws {
        try TestRequirement.sharedData()
        let document = try document(try SharedData.sample("amanat-extraordinary-congress-factsheet.txt"))
        #expect(document.title == "Factsheet on the Extraordinary Congress of the Amanat party")
        #expect(document.published == Self.day("2022-03-01"))
        #expect(document.updated == Self.day("2022-03-01"))
        #expect(document.language == "en")
        let text = document.text
        #expect(text.hasPrefix("The Extraordinary Congress of the Amanat party"))
        #expect(text.hasSuffix("the well-being of the people."))
        for chrome in [
            "Дата публикации", "01 марта 2022", "Сейчас читают", "27 мая 2024", "Agreement between",
            "Социальные медиа", "Меню подвал", "Terms and explanations", "Website of the Parliament", "Factsheet on",
        ] {
            #expect(!text.contains(chrome), "the body contains '\(chrome)'")
        }
        #expect(document.blocks.contains(.init(.heading, "On the situation in Ukraine")))
        #expect(document.blocks.filter { $0.kind == .listItem }.count == 7)
    }

    @Test func windows1251RussianIsDetectedFromTheBytes() throws {
        let text =
            "Новости архива\n\nДата публикации: 01.03.2022\n\nГородской архив открыл новый читальный зал для жителей.\n"
        let document = try document(try #require(text.data(using: .windowsCP1251)))
        #expect(document.title == "Новости архива")
        #expect(document.published == Self.day("2022-03-01"))
        #expect(document.language == "ru")
        #expect(document.metadata["encoding"] == "Windows-1251")
        #expect(document.text == "Городской архив открыл новый читальный зал для жителей.")
    }

    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian])
    func utf16WithAByteOrderMark(_ encoding: String.Encoding) throws {
        let bom: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let body = try #require("Жаңалық\n\nMәтін мұнда.\n".data(using: encoding))
        let document = try document(Data(bom) + body)
        #expect(document.title == "Жаңалық")
        #expect(document.text == "Mәтін мұнда.")
    }

    /// `charset=utf-16` without a byte-order mark: the byte order the bytes show (little-endian, as Windows writes it,
    /// or big-endian), not one assumed.
    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian])
    func utf16NamedByTheMediaTypeWithoutAByteOrderMark(_ encoding: String.Encoding) throws {
        let body = try #require("Жаңалық\n\nMәтін мұнда, 2024 жылы.\n".data(using: encoding))
        let documents = try importer.importDocuments(
            ImportRequest(data: body, name: "test.txt", mediaType: "text/plain; charset=utf-16")
        )
        #expect(documents.first?.document.title == "Жаңалық")
        #expect(documents.first?.document.text == "Mәтін мұнда, 2024 жылы.")
    }

    @Test func kazakhLabelsOnConsecutiveLines() throws {
        let document = try document(
            """
            Ұлттық кітапхана қолжазбаларды цифрландырады

            Ұлттық кітапхана он тоғызыншы ғасырдың қолжазбаларын цифрландыруды бастады.

            Жарияланған күні
            20 наурыз 2024
            Жаңартылған күні
            2024 жылғы 21 наурыз

            Тағы оқыңыз

            15 наурыз 2024
            Мұражай түні маусымда оралады
            """
        )
        #expect(document.published == Self.day("2024-03-20"))
        #expect(document.updated == Self.day("2024-03-21"))
        #expect(document.language == "kk")
        #expect(document.text == "Ұлттық кітапхана он тоғызыншы ғасырдың қолжазбаларын цифрландыруды бастады.")
    }

    @Test func englishLabelsOnOneLineAndATitleHeader() throws {
        let document = try document(
            """
            Title: Heritage Week opens
            URL: https://example.org/heritage

            Published: 1 May 2024 | Last updated: May 2, 2024

            The city museum opens its archive rooms to visitors.

            Read also

            Museum night returns in June
            """
        )
        #expect(document.title == "Heritage Week opens")
        #expect(document.source == "https://example.org/heritage")
        #expect(document.published == Self.day("2024-05-01"))
        #expect(document.text == "The city museum opens its archive rooms to visitors.")
    }

    @Test func datesInRelatedListsAreNotTaken() throws {
        let document = try document(
            """
            Statement of the ministry

            The ministry published its annual report today and thanked all partners for their work.

            Read also

            Published 27 May 2024
            Agreement on visa exemption
            """
        )
        #expect(document.published == nil)
        #expect(document.updated == nil)
    }

    @Test func aSentenceStartingWithALabelStaysInTheBody() throws {
        let document = try document(
            """
            Annual report

            Published in 2024 for the first time on 1 May 2024, the report covers every regional branch of the party.
            """
        )
        #expect(document.published == nil)
        #expect(document.text.hasPrefix("Published in 2024"))
    }

    @Test func trailingNavigationRunIsDropped() throws {
        let document = try document(
            """
            Title

            The only paragraph of the article ends here.

            Home
            News
            Contacts
            Site map
            """
        )
        #expect(document.text == "The only paragraph of the article ends here.")
    }

    @Test func badInputGivesClearErrors() throws {
        let empty = try #require(throws: ArchiveError.self) { try document(Data()) }
        #expect(empty.code == .emptyInput)
        let binary = try #require(throws: ArchiveError.self) {
            try document(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]))
        }
        #expect(binary.code == .undecodableInput)
        #expect(binary.message.contains("test.txt") && binary.field == .format)
        let latin1 = try #require(throws: ArchiveError.self) {
            try document(Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x99, 0xA0]))
        }
        #expect(latin1.code == .undecodableInput)
    }

    @Test func conformance() throws {
        try ImporterConformance(
            importer: importer,
            samples: [
                Data("Title\n\nBody text.".utf8),
                Data("Заголовок\n\nДата публикации 01 марта 2022\n\nТекст.".utf8),
                try #require("Заголовок\n\nТекст статьи.".data(using: .windowsCP1251)),
            ]
        )
        .run()
    }

    @Test(arguments: [
        ("15.04.2025", "2025-04-15"), ("12 марта 2024, 10:15", "2024-03-12"), ("12 наурыз 2024", "2024-03-12"),
        ("April 15, 2025", "2025-04-15"), ("12 марта 2024 г., 10:15 (мск)", "2024-03-12"),
        ("15.04.2025 09:30 (UTC+6)", "2025-04-15"),
    ])
    func aDateAloneUnderTheHeadlineDatesTheRelease(line: String, day: String) throws {
        let document = try document(
            "Министр провёл встречу с фермерами\n\(line)\n\nВстреча прошла в Астане. Обсуждались посевная и цены.\n"
        )
        #expect(document.title == "Министр провёл встречу с фермерами")
        #expect(document.published == Self.day(day), "\(line)")
        #expect(!document.text.contains(line))
    }

    @Test func aTextOfOneLongLineIsNamedByItsFirstWordsAndKeepsThem() throws {
        let line = (0..<200).map { "word\($0)" }.joined(separator: " ")
        let document = try document(line)
        #expect(document.title == (0..<18).map { "word\($0)" }.joined(separator: " ") + "…")
        #expect(document.text == line)
        // A headline of ordinary length stays the title, out of the text.
        let headline = try self.document("Minister meets farmers in Astana\n\nThe meeting was held on Monday.")
        #expect(headline.title == "Minister meets farmers in Astana")
        #expect(!headline.text.contains("Minister meets"))
    }

    @Test func aLineWithATimeNoClockShowsIsNoDateline() throws {
        let document = try document("Council news\n12.03.2024 25:99\n\nThe council met and decided.\n")
        #expect(document.published == nil)
    }

    @Test func aSentenceWithADateIsNoDateline() throws {
        let document = try document(
            "Council news\n\nThe council met on 12 March 2024 and decided.\n\nMore text follows here.\n"
        )
        #expect(document.published == nil)
    }
}
