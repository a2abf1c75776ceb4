/// Fixed log-linear latency buckets over whole milliseconds, for p95/p99 without keeping every sample.
///
/// Values 0...31 ms have a bucket each (exact). Above that, every power of two is split into 16 equal buckets,
/// so a bucket `[lo, hi]` is at most `lo / 16` wide; 448 buckets reach `Int32.max` ms. A percentile is reported
/// as its bucket's midpoint, hence **exact below 32 ms and within 1/32 (3.125 %) of the true nearest-rank
/// percentile above** (the same rank rule as Postgres' `percentile_disc`). Counts are stored as `bigint[]`
/// trimmed after the last non-zero bucket, and merged element-wise (`histogram_add` in SQL, `adding` here).
public enum LatencyHistogram {
    /// Values below this have a bucket of their own.
    public static let exactLimit = 32
    /// Buckets per power of two above `exactLimit` (as a shift: 16).
    static let subBucketBits = 4
    /// Number of buckets, enough for `Int32.max` ms.
    public static let bucketCount = 448

    /// The bucket of a response time (negative values count as 0, values past `Int32.max` as `Int32.max`).
    public static func bucket(ofMilliseconds milliseconds: Int) -> Int {
        let value = min(max(0, milliseconds), Int(Int32.max))
        guard value >= exactLimit else { return value }
        let exponent = Int.bitWidth - 1 - value.leadingZeroBitCount
        let subBucket = (value >> (exponent - subBucketBits)) & ((1 << subBucketBits) - 1)
        return exactLimit + ((exponent - 5) << subBucketBits) + subBucket
    }

    /// The values (ms) a bucket holds.
    public static func range(ofBucket index: Int) -> ClosedRange<Int> {
        guard index >= exactLimit else { return index...index }
        let offset = index - exactLimit
        let exponent = (offset >> subBucketBits) + 5
        let width = 1 << (exponent - subBucketBits)
        let low = ((1 << subBucketBits) + (offset & ((1 << subBucketBits) - 1))) * width
        return low...(low + width - 1)
    }

    /// The value reported for a bucket: its midpoint (rounded down).
    public static func representative(ofBucket index: Int) -> Int {
        let range = range(ofBucket: index)
        return range.lowerBound + (range.upperBound - range.lowerBound) / 2
    }

    /// Adds one sample to `counts`, growing it as needed.
    public static func record(milliseconds: Int, into counts: inout [Int64]) {
        let index = bucket(ofMilliseconds: milliseconds)
        if counts.count <= index { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] += 1
    }

    /// Element-wise sum of two count arrays of any lengths.
    public static func adding(_ left: [Int64], _ right: [Int64]) -> [Int64] {
        let (long, short) = left.count >= right.count ? (left, right) : (right, left)
        var sum = long
        for (index, count) in short.enumerated() { sum[index] += count }
        return sum
    }

    /// The nearest-rank percentile (`p` in 0...1) of the samples, as a bucket representative; nil when empty.
    /// The rank is `ceil(p * n)` computed in `Double`, exactly as `percentile_disc` does.
    public static func percentile(_ p: Double, of counts: [Int64]) -> Int? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = max(1, min(total, Int64((p * Double(total)).rounded(.up))))
        var seen: Int64 = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen >= rank { return representative(ofBucket: index) }
        }
        return nil
    }
}
