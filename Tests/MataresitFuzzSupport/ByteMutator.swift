/// Seeded random mutations of valid inputs: what a bad disk, a torn write or a hostile producer hands a reader.
/// One call stacks one to four mutations; the same generator state always gives the same output.
public enum ByteMutator {
    /// Byte values that sit on sign, length and terminator edges.
    public static let interestingBytes: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE]
    /// Length and count values that overflow, go negative or ask for gigabytes.
    public static let hugeValues: [UInt64] = [
        .max, 1 << 63, UInt64(Int64.max), UInt64(UInt32.max), 1 << 31, 0x7FFF_FFFF, 1 << 28, 0xFFFF_FFF0
    ]

    public enum Kind: CaseIterable, Sendable {
        case flipBit, setInterestingByte, setRandomByte, truncate, insertRandomBytes, deleteBytes, duplicateSlice
        case hugeVarint, hugeWord, splice
    }

    /// `input` with one to four stacked mutations; `donor` is what `.splice` takes its tail from.
    public static func mutate(_ input: [UInt8], donor: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            apply(Kind.allCases[random.below(Kind.allCases.count)], to: &bytes, donor: donor, using: &random)
        }
        return bytes
    }

    public static func apply(_ kind: Kind, to bytes: inout [UInt8], donor: [UInt8], using random: inout FuzzRandom) {
        switch kind {
        case .flipBit:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
        case .setInterestingByte:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] = interestingBytes[random.below(interestingBytes.count)]
        case .setRandomByte:
            guard !bytes.isEmpty else { return }
            bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        case .truncate:
            bytes.removeLast(bytes.count - random.below(bytes.count + 1))
        case .insertRandomBytes:
            let inserted = (0...random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: random.below(bytes.count + 1))
        case .deleteBytes:
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(16)))
        case .duplicateSlice:
            guard !bytes.isEmpty else { return }
            let start = random.below(bytes.count)
            let slice = bytes[start..<min(bytes.count, start + 1 + random.below(64))]
            bytes.insert(contentsOf: Array(slice), at: random.below(bytes.count + 1))
        case .hugeVarint:
            // Replaces the varint starting at a random byte (a protobuf length, tag or value) with a huge one, or
            // with an overlong 11-byte one that no decoder may accept.
            let varint =
                random.below(4) == 0
                ? [UInt8](repeating: 0xFF, count: 10) + [0x01]
                : varintBytes(hugeValues[random.below(hugeValues.count)])
            let start = random.below(bytes.count + 1)
            var end = start
            while end < bytes.count, end - start < 10, bytes[end] & 0x80 != 0 { end += 1 }
            bytes.replaceSubrange(start..<min(bytes.count, end + 1), with: varint)
        case .hugeWord:
            // Overwrites a little-endian u32 or u64 in place, as a length or count field would be.
            guard !bytes.isEmpty else { return }
            let value = hugeValues[random.below(hugeValues.count)]
            let width = random.below(2) == 0 ? 4 : 8
            let start = random.below(bytes.count)
            for index in 0..<min(width, bytes.count - start) {
                bytes[start + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
            }
        case .splice:
            bytes =
                Array(bytes.prefix(random.below(bytes.count + 1)))
                + Array(donor.dropFirst(random.below(donor.count + 1)))
        }
    }

    public static func varintBytes(_ value: UInt64) -> [UInt8] {
        var rest = value
        var bytes: [UInt8] = []
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}
