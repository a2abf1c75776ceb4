import MataresitCore

/// What a key operation checked by the key policy came to.
public enum KeyOutcome<Value: Sendable>: Sendable {
    case done(Value)
    /// No such key among the user's (whether it exists for someone else is never said).
    case notFound
    /// The policy refused it; nothing changed.
    case refused(KeyRefusal)
}

/// A rotation: the old key (now expiring after its grace) and its successor.
public struct KeyRotation: Sendable, Equatable {
    public let old: APIKeySummary
    public let new: APIKeySummary
}
