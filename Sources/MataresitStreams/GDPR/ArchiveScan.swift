import Foundation

/// Hands every record of the archive to a `ResidueTally`; damaged segments are findings (an unreadable archive
/// cannot be proved clean).
public struct ArchiveScan: Sendable {
    let storage: any ArchiveStorage

    public init(storage: any ArchiveStorage) {
        self.storage = storage
    }

    public func scan(into tally: ResidueTally) async {
        let reader = ArchiveReader(storage: storage)
        do {
            for partition in try await reader.partitions() {
                do {
                    try await reader.forEachRecord(in: partition) { record in
                        tally.inspect(record.value, at: "\(partition)@\(record.offset)")
                    }
                } catch {
                    tally.record("archive \(partition): unreadable (\(error))")
                }
            }
        } catch {
            tally.record("archive \(storage): unreadable (\(error))")
        }
    }
}
