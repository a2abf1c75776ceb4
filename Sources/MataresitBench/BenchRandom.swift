import Foundation
import MataresitRuntime
import MataresitCore

/// The bench's seeded generator: the same `--seed` gives the same traffic.
public typealias BenchRandom = SplitMix64

extension SplitMix64 {
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Log-normal with the given median and shape (sigma of the underlying normal), by Box-Muller.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        let u1 = max(unit(), .leastNonzeroMagnitude), u2 = unit()
        let normal = (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * normal)
    }
}

/// Picks ranks 0..<count with Zipf weights 1/(rank+1)^exponent: a few hot keys and a long tail, as API keys are.
public struct ZipfSampler: Sendable {
    private let cumulative: [Double]

    public init(count: Int, exponent: Double = 1.0) {
        var running = 0.0, cumulative: [Double] = []
        for rank in 0..<max(1, count) {
            running += 1 / pow(Double(rank + 1), exponent)
            cumulative.append(running)
        }
        self.cumulative = cumulative
    }

    public func sample(using random: inout BenchRandom) -> Int {
        let target = random.unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Picks one of weighted choices.
struct WeightedChoice<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let cumulative: [Double]

    init(_ weighted: [(Element, Double)]) {
        var running = 0.0, cumulative: [Double] = []
        for (_, weight) in weighted {
            running += weight
            cumulative.append(running)
        }
        elements = weighted.map(\.0)
        self.cumulative = cumulative
    }

    func pick(using random: inout BenchRandom) -> Element {
        let target = random.unit() * cumulative[cumulative.count - 1]
        return elements[cumulative.firstIndex { $0 > target } ?? elements.count - 1]
    }
}
