public import Foundation

/// Tar and zip files built byte by byte, for what Mura's own writer refuses to make: entries that climb out of
/// their folder, absolute paths, links, and headers that lie about their sizes.
///
/// ```swift
/// try HandMadeArchive.tar([.file("../outside.txt", Data("x".utf8))]).write(to: url)
/// ```
public enum HandMadeArchive {
    /// One entry of a hand-made archive.
    public struct Entry: Sendable {
        public enum Kind: Sendable {
            case file
            case folder
            /// A symbolic link to the target.
            case symlink(String)
            /// A hard link to the target.
            case hardlink(String)
        }

        public var path: String
        public var kind: Kind
        public var data: Data
        /// The size the header declares, when it should differ from the data's.
        public var declaredSize: Int?

        public static func file(_ path: String, _ data: Data, declaring size: Int? = nil) -> Entry {
            Entry(path: path, kind: .file, data: data, declaredSize: size)
        }

        public static func folder(_ path: String) -> Entry { Entry(path: path, kind: .folder, data: Data()) }

        public static func symlink(_ path: String, to target: String) -> Entry {
            Entry(path: path, kind: .symlink(target), data: Data())
        }

        public static func hardlink(_ path: String, to target: String) -> Entry {
            Entry(path: path, kind: .hardlink(target), data: Data())
        }
    }

    /// A ustar file of `entries` (sizes past 8 GiB in base-256, as GNU tar writes them), with its end blocks.
    public static func tar(_ entries: [Entry]) -> Data {
        var tar = Data()
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                header.replaceSubrange(offset..<offset + text.utf8.count, with: text.utf8)
            }
            let (type, link): (String, String) =
                switch entry.kind {
                case .file: ("0", "")
                case .folder: ("5", "")
                case .symlink(let target): ("2", target)
                case .hardlink(let target): ("1", target)
                }
            put(entry.path, at: 0)
            put("0000644", at: 100)
            put("0000000", at: 108)
            put("0000000", at: 116)
            let size = entry.declaredSize ?? entry.data.count
            if size < 1 << 33 {
                put(String(repeating: "0", count: 11 - String(size, radix: 8).count) + String(size, radix: 8), at: 124)
            } else {
                header[124] = 0x80
                for index in 0..<8 { header[135 - index] = UInt8(truncatingIfNeeded: size >> (8 * index)) }
            }
            put("00000000000", at: 136)
            put("        ", at: 148)
            put(type, at: 156)
            put(link, at: 157)
            put("ustar", at: 257)
            put("00", at: 263)
            let checksum = String(header.reduce(0) { $0 + Int($1) }, radix: 8)
            put(String(repeating: "0", count: 6 - checksum.count) + checksum + "\0 ", at: 148)
            tar.append(contentsOf: header)
            tar.append(entry.data)
            tar.append(Data(count: (512 - entry.data.count % 512) % 512))
        }
        tar.append(Data(count: 1024))
        return tar
    }

    /// A zip file of `entries`, stored without compression; a link is marked as one the way Unix zip does.
    public static func zip(_ entries: [Entry]) -> Data {
        var zip = Data()
        var directory = Data()
        func put16(_ value: Int, _ data: inout Data) { withUnsafeBytes(of: UInt16(value).littleEndian) { data += $0 } }
        func put32(_ value: Int, _ data: inout Data) { withUnsafeBytes(of: UInt32(value).littleEndian) { data += $0 } }
        for entry in entries {
            var data = entry.data
            var mode = 0o100644
            switch entry.kind {
            case .file: break
            case .folder: mode = 0o040755
            case .symlink(let target), .hardlink(let target):
                data = Data(target.utf8)
                mode = 0o120777
            }
            let name = Data(entry.path.utf8)
            let crc = crc32(data)
            let offset = zip.count
            put32(0x0403_4B50, &zip)
            for value in [20, 0, 0, 0, 0x21] { put16(value, &zip) }
            put32(crc, &zip)
            put32(data.count, &zip)
            put32(entry.declaredSize ?? data.count, &zip)
            put16(name.count, &zip)
            put16(0, &zip)
            zip += name
            zip += data
            put32(0x0201_4B50, &directory)
            for value in [0x031E, 20, 0, 0, 0, 0x21] { put16(value, &directory) }
            put32(crc, &directory)
            put32(data.count, &directory)
            put32(entry.declaredSize ?? data.count, &directory)
            for value in [name.count, 0, 0, 0, 0] { put16(value, &directory) }
            put32(mode << 16, &directory)
            put32(offset, &directory)
            directory += name
        }
        let directoryOffset = zip.count
        zip += directory
        put32(0x0605_4B50, &zip)
        for value in [0, 0, entries.count, entries.count] { put16(value, &zip) }
        put32(directory.count, &zip)
        put32(directoryOffset, &zip)
        put16(0, &zip)
        return zip
    }

    private static func crc32(_ data: Data) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return Int(crc ^ 0xFFFF_FFFF)
    }
}
