import Foundation

/// Hands every record of the archive (`ARCHIVE_DIR`) to a `ResidueTally`; damaged segments are findings
/// (an unreadable archive cannot be proved clean).
public struct ArchiveScan: Sendable {
    let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// False when there is no archive folder at all (nothing archived yet).
    public var exists: Bool { FileManager.default.fileExists(atPath: directory) }

    public func scan(into tally: ResidueTally) {
        let reader = ArchiveReader(directory: directory)
        do {
            for partition in try reader.partitions() {
                do {
                    try reader.forEachRecord(in: partition) { record in
                        tally.inspect(record.value, at: "\(partition)@\(record.offset)")
                    }
                } catch {
                    tally.record("archive \(partition): unreadable (\(error))")
                }
            }
        } catch {
            tally.record("archive \(directory): unreadable (\(error))")
        }
    }
}
