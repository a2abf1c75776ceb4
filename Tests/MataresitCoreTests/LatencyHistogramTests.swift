import MataresitCore
import Testing

@Suite("LatencyHistogram")
struct LatencyHistogramTests {
    @Test("buckets tile 0...Int32.max without gaps, each at most 1/16 of its lower bound wide")
    func bucketsTile() {
        var expectedLow = 0
        for index in 0..<LatencyHistogram.bucketCount {
            let range = LatencyHistogram.range(ofBucket: index)
            #expect(range.lowerBound == expectedLow)
            #expect(LatencyHistogram.bucket(ofMilliseconds: range.lowerBound) == index)
            #expect(LatencyHistogram.bucket(ofMilliseconds: range.upperBound) == index)
            if index >= LatencyHistogram.exactLimit {
                #expect(range.count * 16 <= range.lowerBound)
            } else {
                #expect(range.count == 1)
            }
            expectedLow = range.upperBound + 1
        }
        #expect(expectedLow - 1 == Int(Int32.max))
        #expect(LatencyHistogram.bucket(ofMilliseconds: -5) == 0)
        #expect(LatencyHistogram.bucket(ofMilliseconds: Int.max) == LatencyHistogram.bucketCount - 1)
    }

    @Test("percentiles follow percentile_disc's nearest rank: exact below 32 ms, within 1/32 above")
    func percentileAccuracy() {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<50 {
            let upper = trial % 2 == 0 ? 31 : 100_000
            let samples = (0..<Int.random(in: 1...3_000, using: &generator)).map { _ in
                Int.random(in: 0...upper, using: &generator)
            }
            var counts: [Int64] = []
            for sample in samples { LatencyHistogram.record(milliseconds: sample, into: &counts) }
            let sorted = samples.sorted()
            for p in [0.5, 0.95, 0.99, 1.0] {
                let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
                let truth = sorted[rank - 1]
                let estimate = LatencyHistogram.percentile(p, of: counts)!
                if truth < LatencyHistogram.exactLimit {
                    #expect(estimate == truth)
                } else {
                    #expect(Double(abs(estimate - truth)) <= Double(truth) / 32, "p\(p): \(estimate) vs \(truth)")
                }
            }
        }
        #expect(LatencyHistogram.percentile(0.95, of: []) == nil)
        #expect(LatencyHistogram.percentile(0.95, of: [0, 0]) == nil)
    }

    @Test("adding merges arrays of different lengths element-wise")
    func adding() {
        #expect(LatencyHistogram.adding([1, 2], [3, 4, 5]) == [4, 6, 5])
        #expect(LatencyHistogram.adding([], [1]) == [1])
    }
}
