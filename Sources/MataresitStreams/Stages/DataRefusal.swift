import MataresitStore

/// A database error caused by the data of some event rather than by the database being unavailable:
/// retrying the same rows would fail forever, so the runner isolates and dead-letters the culprit.
/// Connection loss, timeouts, serialization failures and deadlocks are not refusals: those are retried.
struct DataRefusal {
    /// SQLSTATE class 22, data exception: a value out of range, invalid text or time. Class 23 (integrity) is
    /// deliberately not a refusal: it can be systemic (23514 "no partition of relation found for row" when a
    /// partition is missing), and treating it per event would dead-letter good events; it is retried instead.
    static let classes: Set<Substring> = ["22"]
    let reason: String

    init?(_ error: StoreError) {
        guard case .database(let summary) = error, let state = summary.split(separator: " ").first,
            state.count == 5, Self.classes.contains(state.prefix(2))
        else { return nil }
        reason = "refused by the database: SQLSTATE \(state)"
    }
}
