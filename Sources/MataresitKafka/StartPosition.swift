/// Where a consumer starts reading an assigned partition.
public enum StartPosition: Sendable, Hashable {
    /// The next message read is the one at this offset (typically the stored offset + 1).
    case offset(Int64)
    /// The oldest message the broker still keeps.
    case beginning
    /// Only messages produced after the assignment.
    case end
}
