/// When the archive seals a segment and starts the next: at `maxBytes` or `maxAge` after it was opened,
/// whichever comes first (checked on each write).
public struct ArchiveRollPolicy: Sendable {
    /// Default 64 MiB.
    public var maxBytes: Int
    /// Default one hour.
    public var maxAge: Duration

    public init(maxBytes: Int = 64 << 20, maxAge: Duration = .seconds(3600)) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
    }
}
