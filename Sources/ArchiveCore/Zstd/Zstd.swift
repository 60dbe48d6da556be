import CZstd
public import Foundation

/// zstd compression through libzstd, for what libarchive's zstd filter cannot do: compressing against a dictionary
/// or a reference (the content of another version, as `zstd --patch-from` does), and training dictionaries.
///
/// Frames are written with their content size and a content checksum, so `zstd -d` (given the same dictionary or
/// reference) checks what it decodes.
public enum Zstd {
    /// The largest window a frame may need to be decoded, as a power of two (128 MiB: zstd's default decoding
    /// limit, so `zstd -d` opens every frame Mura writes without `--memory`).
    public static let maximumWindowLog = 27

    /// Compresses `data` at `level`, against `dictionary` or `reference` (not both).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` with what libzstd says.
    public static func compress(
        _ data: Data,
        level: Int,
        dictionary: ZstdDictionary? = nil,
        reference: Data? = nil
    ) throws -> Data {
        guard let context = ZSTD_createCCtx() else { throw failure("compression setup", 0) }
        defer { ZSTD_freeCCtx(context) }
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(level)), "level")
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), "checksum")
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1), "content size")
        if let dictionary {
            try check(ZSTD_CCtx_refCDict(context, try dictionary.compressionDictionary(level: level)), "dictionary")
        }
        let bound = ZSTD_compressBound(data.count)
        var output = Data(count: bound)
        let written: Int = try (reference ?? Data()).withUnsafeBytes { referenceBytes in
            if reference != nil {
                // The window reaches back over the whole reference, as `zstd --patch-from` sets it.
                let window = Swift.max(10, Swift.min(maximumWindowLog, log2Ceiling(referenceBytes.count + data.count)))
                try check(ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, Int32(window)), "window")
                try check(ZSTD_CCtx_refPrefix(context, referenceBytes.baseAddress, referenceBytes.count), "reference")
            }
            return try data.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { out in
                    let result = ZSTD_compress2(context, out.baseAddress, bound, input.baseAddress, input.count)
                    try check(result, "compression")
                    return result
                }
            }
        }
        output.count = written
        return output
    }

    /// The most a frame's declared size may make a decoder allocate before it decodes anything: 64 MiB.
    static let largestReservation = 1 << 26

    /// Decompresses the zstd frames in `data`, skipping skippable frames, against `dictionary` or `reference`;
    /// stops with an error past `limit` bytes of output.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` with what libzstd says (a damaged frame, a wrong
    ///   dictionary or reference, a checksum that does not match), or when the output would pass `limit`.
    public static func decompress(
        _ data: Data,
        dictionary: ZstdDictionary? = nil,
        reference: Data? = nil,
        limit: Int
    ) throws -> Data {
        guard let context = ZSTD_createDCtx() else { throw failure("decompression setup", 0) }
        defer { ZSTD_freeDCtx(context) }
        let declared = data.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        // Only a size within the limit and within 64 MiB is taken at its word: the buffer is allocated before a byte
        // is decoded, and a crafted frame may claim any size.
        if declared <= UInt64(Swift.min(limit, largestReservation)),
            let whole = wholeFrame(
                data,
                size: Int(declared),
                context: context,
                dictionary: dictionary,
                reference: reference
            )
        {
            return whole
        }
        try check(ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Int32(maximumWindowLog)), "window")
        if let dictionary { try check(ZSTD_DCtx_refDDict(context, dictionary.decompressionDictionary), "dictionary") }
        var output = Data()
        // The frame's declared size is only a claim: reserve at most the limit, and at most 64 MiB ahead.
        if declared < UInt64(Int.max) { output.reserveCapacity(Swift.min(Int(declared), limit, largestReservation)) }
        let chunk = ZSTD_DStreamOutSize()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        try (reference ?? Data()).withUnsafeBytes { referenceBytes in
            try data.withUnsafeBytes { bytes in
                var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
                var frameEnded = true
                var frames = 0
                while input.pos < input.size {
                    if frameEnded, reference != nil {
                        // A reference serves one frame only: load it again before each.
                        try check(
                            ZSTD_DCtx_refPrefix(context, referenceBytes.baseAddress, referenceBytes.count),
                            "reference"
                        )
                    }
                    var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: chunk, pos: 0)
                    let result = ZSTD_decompressStream(context, &out, &input)
                    try check(result, "decompression", corrupt: true)
                    guard output.count + out.pos <= limit else {
                        throw ArchiveError(
                            .corruptBundle,
                            "the zstd data decodes to more than the \(limit) bytes it may hold"
                        )
                    }
                    output.append(buffer.bindMemory(to: UInt8.self).baseAddress!, count: out.pos)
                    frameEnded = result == 0
                    if frameEnded { frames += 1 }
                    if out.pos == 0, input.pos == input.size, !frameEnded { break }
                }
                guard frameEnded, frames > 0 || input.size == 0 else {
                    throw ArchiveError(.corruptBundle, "the zstd data ends inside a frame (the file is cut short)")
                }
            }
        }
        return output
    }

    /// `data` decoded in one call into a buffer of the size its one frame declares (no window buffer, no copies);
    /// `nil` when that does not give exactly that many bytes (a damaged frame, several frames), for the stream to
    /// decode and word what is wrong. The context is left as it was found.
    private static func wholeFrame(
        _ data: Data,
        size: Int,
        context: OpaquePointer,
        dictionary: ZstdDictionary?,
        reference: Data?
    ) -> Data? {
        // A frame is made against one or the other; for anything else, the stream says what is wrong.
        guard dictionary == nil || reference == nil else { return nil }
        var output = Data(count: size)
        let written = output.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                (reference ?? Data()).withUnsafeBytes { referenceBytes in
                    if let dictionary {
                        return ZSTD_decompress_usingDDict(
                            context,
                            target.baseAddress,
                            size,
                            source.baseAddress,
                            source.count,
                            dictionary.decompressionDictionary
                        )
                    }
                    if reference != nil {
                        let status = ZSTD_DCtx_refPrefix(context, referenceBytes.baseAddress, referenceBytes.count)
                        guard ZSTD_isError(status) == 0 else { return status }
                    }
                    return ZSTD_decompressDCtx(context, target.baseAddress, size, source.baseAddress, source.count)
                }
            }
        }
        ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters)
        guard ZSTD_isError(written) == 0, written == size else { return nil }
        return output
    }

    /// A dictionary of at most `capacity` bytes trained on `samples` (`zstd --train`).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when libzstd cannot train one (too few or too
    ///   small samples).
    public static func trainDictionary(samples: [Data], capacity: Int) throws -> Data {
        var joined = Data()
        var sizes: [Int] = []
        for sample in samples where !sample.isEmpty {
            joined.append(sample)
            sizes.append(sample.count)
        }
        var dictionary = Data(count: capacity)
        let size = try dictionary.withUnsafeMutableBytes { out in
            try joined.withUnsafeBytes { input in
                let result = ZDICT_trainFromBuffer(
                    out.baseAddress,
                    capacity,
                    input.baseAddress,
                    sizes,
                    UInt32(sizes.count)
                )
                guard ZDICT_isError(result) == 0 else {
                    throw ArchiveError(
                        .writeFailed,
                        "A zstd dictionary could not be trained on \(sizes.count) samples: "
                            + String(cString: ZDICT_getErrorName(result))
                    )
                }
                return result
            }
        }
        dictionary.count = size
        return dictionary
    }

    /// The id a trained dictionary carries in its header; 0 for raw content.
    public static func dictionaryID(of dictionary: Data) -> UInt32 {
        dictionary.withUnsafeBytes { UInt32(ZDICT_getDictID($0.baseAddress, $0.count)) }
    }

    /// The dictionary id a frame names in its header; 0 when it names none.
    public static func dictionaryID(ofFrame frame: Data) -> UInt32 {
        frame.withUnsafeBytes { UInt32(ZSTD_getDictID_fromFrame($0.baseAddress, $0.count)) }
    }

    static func log2Ceiling(_ value: Int) -> Int {
        var log = 0
        while (1 << log) < value { log += 1 }
        return log
    }

    private static func check(_ result: Int, _ step: String, corrupt: Bool = false) throws {
        guard ZSTD_isError(result) != 0 else { return }
        throw failure(step, result, corrupt: corrupt)
    }

    private static func failure(_ step: String, _ result: Int, corrupt: Bool = false) -> ArchiveError {
        let reason = result == 0 ? "out of memory" : String(cString: ZSTD_getErrorName(result))
        return ArchiveError(corrupt ? .corruptBundle : .writeFailed, "zstd \(step) failed: \(reason)")
    }
}
