extension Duration {
    /// Whole milliseconds, clamped to `0...Int32.max`, as librdkafka's timeouts take them.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return seconds < 0 ? 0 : .max }
        return Int32(clamping: max(0, ms.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
