/// Failure injection for tests: lets a test stop a stage at the exact point where a crash is most dangerous.
/// Reachable only through `@_spi(Testing) import MataresitStreams`: no production path sets it.
@_spi(Testing) public struct StageFaults: Sendable {
    /// Runs inside the stage transaction after the rows were written and before COMMIT. Throwing here
    /// simulates a worker dying between writing and committing.
    public var beforeCommit: @Sendable (_ batchNumber: Int) async throws -> Void
    /// Runs after a batch was projected and before its transaction starts (e.g. to let another worker
    /// claim the partitions, making this one a zombie).
    public var beforeTransaction: @Sendable (_ batchNumber: Int) async throws -> Void

    public init(
        beforeCommit: @escaping @Sendable (_ batchNumber: Int) async throws -> Void = { _ in },
        beforeTransaction: @escaping @Sendable (_ batchNumber: Int) async throws -> Void = { _ in }
    ) {
        self.beforeCommit = beforeCommit
        self.beforeTransaction = beforeTransaction
    }

    public static let none = StageFaults()
}
