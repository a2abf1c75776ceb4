import MataresitCore

/// A fuzz run's generator: replayed exactly from its seed.
public typealias FuzzRandom = SplitMix64

extension SplitMix64 {
    /// Uniform enough in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
