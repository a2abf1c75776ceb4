import Foundation

/// One versioned schema change. Versions are applied in order, each in its own transaction, exactly once.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    /// The statements of `sql`, which ends each statement with `;` at the end of a line followed by a blank line
    /// (the extended query protocol runs one statement at a time).
    public var statements: [String] {
        sql.components(separatedBy: ";\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}

extension Migration {
    /// Every migration of this build, oldest first. There is no version 8: the number was skipped when versions 5
    /// to 9 were written together and no build ever shipped one, so no database has it applied; versions only need
    /// to increase.
    public static let all: [Migration] = [
        .v001Initial, .v002UsageProjections, .v003RateLimitLeases, .v004Resources, .v005AuditLog,
        .v006DeadLetterRedrives, .v007PersonalData, .v009KeyAddressesAndSearchHistory, .v010PartitionCreationLocks,
        .v011FailedAuthWindows, .v012RateLimitCells, .v013SearchRanking
    ]
}
