/// What a TZif file (RFC 8536) says about UTC offsets: its transitions, the offset before
/// them and its footer. Version 1 files give their 32-bit data; later versions (2, 3 and 4,
/// and any later one, as it keeps their layout, as glibc assumes) give 64-bit data after
/// the 32-bit data, which is skipped, and a footer. Every count, index and length is checked
/// against the bytes, so that no input can crash the reader.
struct TZifFile {
    /// The instants at which the offset changes, strictly ascending.
    let times: [Int64]
    /// The UTC offset from each of `times` on, in seconds east of Greenwich.
    let offsets: [Int32]
    /// The offset before the first transition: that of local time type 0.
    let initialOffset: Int32
    /// The POSIX TZ string for instants after the last transition; empty when there is none.
    let footer: String

    /// The UTC offsets RFC 8536 allows, a little over a day either way.
    static let offsetRange: ClosedRange<Int64> = -89_999...93_599

    init(_ bytes: [UInt8]) throws(MalformedZoneData) {
        var reader = Reader(bytes: bytes)
        var header = try reader.header()
        let version1 = header.version == 0
        if !version1 {
            _ = try reader.block(header, timeSize: 4)
            header = try reader.header()
        }
        let block = try reader.block(header, timeSize: version1 ? 4 : 8)
        guard header.typeCount > 0 else { throw MalformedZoneData("no local time types") }
        guard header.leapCount == 0 else { throw MalformedZoneData("leap-second data (a `right/` zone) is not supported") }
        guard [0, header.typeCount].contains(header.standardCount), [0, header.typeCount].contains(header.universalCount) else {
            throw MalformedZoneData("standard/wall or UT/local indicators do not match the local time types")
        }
        var typeOffsets: [Int32] = []
        for index in 0..<header.typeCount {
            let offset = Reader.integer(block.types, at: index * 6, size: 4)
            guard TZifFile.offsetRange.contains(offset) else { throw MalformedZoneData("UTC offset \(offset) is out of range") }
            typeOffsets.append(Int32(offset))
        }
        var times: [Int64] = []
        var offsets: [Int32] = []
        for (index, type) in block.typeIndices.enumerated() {
            let time = Reader.integer(block.times, at: index * block.timeSize, size: block.timeSize)
            guard times.last.map({ time > $0 }) ?? true else { throw MalformedZoneData("transition times are not ascending") }
            guard Int(type) < typeOffsets.count else { throw MalformedZoneData("a transition names local time type \(type) of \(typeOffsets.count)") }
            times.append(time)
            offsets.append(typeOffsets[Int(type)])
        }
        self.times = times
        self.offsets = offsets
        initialOffset = typeOffsets[0]
        footer = version1 ? "" : try reader.footer()
    }

    /// The counts of a header, each the number of items of its kind in the data after it.
    private struct Header {
        var version: UInt8
        var universalCount, standardCount, leapCount, timeCount, typeCount, characterCount: Int
    }

    /// The parts of a data block that give offsets.
    private struct Block {
        var timeSize: Int
        var times, typeIndices, types: ArraySlice<UInt8>
    }

    /// Reads the parts of a TZif file in order, refusing to read past its end.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        /// The next `count` items of `size` bytes each.
        mutating func take(_ count: Int, size: Int = 1) throws(MalformedZoneData) -> ArraySlice<UInt8> {
            let (length, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, length <= bytes.count - position else { throw MalformedZoneData("the file is truncated") }
            defer { position += length }
            return bytes[position..<position + length]
        }

        mutating func header() throws(MalformedZoneData) -> Header {
            guard try take(4).elementsEqual("TZif".utf8) else { throw MalformedZoneData("not a TZif file") }
            let version = try take(1)
            _ = try take(15)
            let counts = try take(6, size: 4)
            var values: [Int] = []
            for index in 0..<6 {
                guard let value = Int(exactly: Reader.integer(counts, at: index * 4, size: 4) & 0xFFFF_FFFF) else {
                    throw MalformedZoneData("a count is too large")
                }
                values.append(value)
            }
            return Header(version: version[version.startIndex], universalCount: values[0], standardCount: values[1], leapCount: values[2],
                          timeCount: values[3], typeCount: values[4], characterCount: values[5])
        }

        /// A data block whose transition times (and leap-second times) take `timeSize` bytes.
        mutating func block(_ header: Header, timeSize: Int) throws(MalformedZoneData) -> Block {
            let times = try take(header.timeCount, size: timeSize)
            let typeIndices = try take(header.timeCount)
            let types = try take(header.typeCount, size: 6)
            _ = try take(header.characterCount)
            _ = try take(header.leapCount, size: timeSize + 4)
            _ = try take(header.standardCount)
            _ = try take(header.universalCount)
            return Block(timeSize: timeSize, times: times, typeIndices: typeIndices, types: types)
        }

        /// The footer: printable ASCII text between two newlines.
        mutating func footer() throws(MalformedZoneData) -> String {
            guard try take(1).first == UInt8(ascii: "\n") else { throw MalformedZoneData("no footer after the data") }
            let rest = bytes[position...]
            guard let end = rest.firstIndex(of: UInt8(ascii: "\n")) else { throw MalformedZoneData("the footer does not end with a newline") }
            let text = rest[..<end]
            guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw MalformedZoneData("the footer is not printable ASCII") }
            position = end + 1
            return String(decoding: text, as: UTF8.self)
        }

        /// The big-endian two's complement integer of `size` bytes at `offset` in `slice`,
        /// which the caller took long enough.
        static func integer(_ slice: ArraySlice<UInt8>, at offset: Int, size: Int) -> Int64 {
            var value: UInt64 = 0
            for byte in slice.dropFirst(offset).prefix(size) {
                value = value << 8 | UInt64(byte)
            }
            let unused = 64 - 8 * size
            return Int64(bitPattern: value << unused) >> unused
        }
    }
}
