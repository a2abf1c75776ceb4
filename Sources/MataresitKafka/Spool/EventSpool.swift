import Foundation
import Logging
import Synchronization

/// An append-only, checksummed, zstd-compressed on-disk queue of messages the broker could not take
/// (queue full, broker unreachable past the delivery timeout, shutdown). Appends are buffered in memory and
/// written as one block per `flush()`; segments roll at `segmentBytes`. The drainer reads whole segments,
/// oldest first, and deletes a segment once its messages were delivered.
public final class EventSpool: Sendable {
    struct State {
        var buffer: [SpoolRecord] = []
        var current: FileHandle?
        var currentName: String?
        var currentBytes = 0
        var nextSequence: UInt64 = 0
        var depth = 0
    }

    public let directory: String
    private let segmentBytes: Int
    private let logger: Logger
    private let state = Mutex(State())

    /// Opens (creating if needed) the spool folder and counts what is already waiting in it.
    public init(directory: String, segmentBytes: Int = 8 << 20, logger: Logger) throws {
        self.directory = directory
        self.segmentBytes = segmentBytes
        self.logger = logger
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let existing = try Self.segmentNames(in: directory)
        let waiting = existing.reduce(0) { total, name in
            total + ((try? Self.read(path: directory + "/" + name).records.count) ?? 0)
        }
        state.withLock {
            $0.nextSequence = (existing.last.flatMap(Self.sequence(of:)) ?? 0) + 1
            $0.depth = waiting
        }
    }

    /// Messages spooled and not yet drained (buffered ones included).
    public var depth: Int { state.withLock { $0.depth } }

    /// Buffers messages; they reach the disk on the next `flush()`.
    public func append(_ records: [SpoolRecord]) {
        guard !records.isEmpty else { return }
        state.withLock {
            $0.buffer += records
            $0.depth += records.count
        }
    }

    /// Writes buffered messages as one block and fsyncs it.
    public func flush() throws {
        try state.withLock { state in
            guard !state.buffer.isEmpty else { return }
            let block = SpoolBlock.encode(state.buffer)
            let handle = try currentSegment(&state)
            do {
                try handle.write(contentsOf: block)
                try handle.synchronize()
            } catch {
                // Disk full: cut the partial block off so the retry (the buffer is kept) leaves a readable segment.
                try? handle.truncate(atOffset: UInt64(state.currentBytes))
                try? handle.seekToEnd()
                throw error
            }
            state.currentBytes += block.count
            state.buffer.removeAll(keepingCapacity: true)
            if state.currentBytes >= segmentBytes { try closeCurrent(&state) }
        }
    }

    /// Flushes, closes the open segment, and returns every segment waiting, oldest first.
    public func sealedSegments() throws -> [String] {
        try flush()
        try state.withLock { try closeCurrent(&$0) }
        return try Self.segmentNames(in: directory)
    }

    /// The messages of one segment up to its first damaged block, and that damage if any (a truncated
    /// tail is what a crash during a write leaves).
    public func contents(of segment: String) throws -> SpoolSegmentContents {
        try Self.read(path: directory + "/" + segment)
    }

    /// Removes a drained segment.
    public func remove(_ segment: String, drained count: Int) throws {
        try FileManager.default.removeItem(atPath: directory + "/" + segment)
        state.withLock { $0.depth = max(0, $0.depth - count) }
    }

    /// Moves a damaged segment aside (`.corrupt`) once its readable events were drained, so it is kept
    /// for inspection and never retried.
    public func quarantine(_ segment: String, drained count: Int) throws {
        try FileManager.default.moveItem(
            atPath: directory + "/" + segment, toPath: directory + "/" + segment + ".corrupt")
        state.withLock { $0.depth = max(0, $0.depth - count) }
    }

    private func currentSegment(_ state: inout State) throws -> FileHandle {
        if let handle = state.current { return handle }
        let name = String(format: "spool-%012llu.seg", state.nextSequence)
        state.nextSequence += 1
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        state.current = handle
        state.currentName = name
        state.currentBytes = 0
        return handle
    }

    private func closeCurrent(_ state: inout State) throws {
        try state.current?.close()
        state.current = nil
        state.currentName = nil
    }

    static func read(path: String) throws -> SpoolSegmentContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        let bytes = [UInt8](data)
        var records: [SpoolRecord] = []
        var offset = 0
        while offset < bytes.count {
            do {
                let (block, next) = try SpoolBlock.decode(bytes, at: offset)
                records += block
                offset = next
            } catch {
                return SpoolSegmentContents(records: records, damage: error)
            }
        }
        return SpoolSegmentContents(records: records, damage: nil)
    }

    static func segmentNames(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("spool-") && $0.hasSuffix(".seg") }.sorted()
    }

    static func sequence(of name: String) -> UInt64? {
        UInt64(name.dropFirst("spool-".count).dropLast(".seg".count))
    }
}

/// What could be read of a segment.
public struct SpoolSegmentContents: Sendable {
    public let records: [SpoolRecord]
    /// Where and why reading stopped early; nil for an intact segment.
    public let damage: SpoolError?
}
