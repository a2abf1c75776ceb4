/// What went wrong with the archive, always naming the file, so damage is reported and never skipped silently.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// A segment ends inside a block (a crash while writing, or a truncated copy).
    case truncated(file: String, position: Int)
    /// A block or index fails its checks (checksum, magic, framing, offsets out of order).
    case corrupt(file: String, position: Int, reason: String)
    /// A sealed segment's index disagrees with the segment (length, checksum or ranges).
    case indexMismatch(file: String, reason: String)
    /// A listed segment could not be found when read (deleted meanwhile, or a listing that lags).
    case missing(file: String)

    public var file: String {
        switch self {
        case .truncated(let file, _), .corrupt(let file, _, _), .indexMismatch(let file, _), .missing(let file):
            return file
        }
    }

    public var description: String {
        switch self {
        case .truncated(let file, let position): return "\(file): truncated at byte \(position)"
        case .corrupt(let file, let position, let reason): return "\(file): corrupt at byte \(position): \(reason)"
        case .indexMismatch(let file, let reason): return "\(file): index mismatch: \(reason)"
        case .missing(let file): return "\(file): listed but missing"
        }
    }
}
