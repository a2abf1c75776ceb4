import ArgumentParser
import Foundation
import MataresitRuntime
import MataresitStreams

struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Inspect the event archive (ARCHIVE_URL) written by the archive stage.",
        subcommands: [List.self, Verify.self])

    struct Location: ParsableArguments {
        @Option(name: .customLong("dir"), help: "Archive folder (default: ARCHIVE_URL, else ARCHIVE_DIR).")
        var directory: String?
        @Option(
            name: .customLong("url"), help: "Archive location, file:///path or s3://bucket/prefix (AWS_* variables).")
        var url: String?

        func validate() throws {
            if directory != nil && url != nil { throw ValidationError("give --dir or --url, not both") }
            if let url { _ = try ArchiveLocation(url: url) }
        }

        func reader() throws -> ArchiveReader {
            let location: ArchiveLocation
            if let directory {
                location = .folder(AbsolutePath.resolve(directory))
            } else if let url {
                location = try ArchiveLocation(url: url)
            } else {
                location = try RuntimeSettings().archive
            }
            return ArchiveReader(storage: try location.storage())
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List segments with their offsets, event-time range, events and size.")
        @OptionGroup var location: Location

        func run() async throws {
            let segments = try await location.reader().allSegments()
            emitLine("segment\tstate\tfirst_offset\tlast_offset\tevents\tbytes\tfrom\tto")
            for segment in segments { emitLine(ArchiveListingLine.line(segment)) }
            let damaged = segments.filter { $0.damage != nil }
            for segment in damaged { emitLine("DAMAGED \(segment.damage!)") }
            emitLine("\(segments.count) segments, \(segments.reduce(0) { $0 + $1.index.events }) events")
            if !damaged.isEmpty { throw ExitCode(2) }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every segment: block checksums, offsets, sealed segments against their index.",
            discussion: "Exits 2 naming each damaged file when anything is corrupt or truncated.")
        @OptionGroup var location: Location

        func run() async throws {
            let result = try await location.reader().verify()
            for problem in result.problems { emitLine("DAMAGED \(problem)") }
            emitLine(
                "\(result.segments) segments, \(result.events) events, \(result.bytes) bytes read cleanly, "
                    + "\(result.problems.count) problems")
            if !result.problems.isEmpty { throw ExitCode(2) }
        }
    }
}

/// One tab-separated line of `archive ls`.
enum ArchiveListingLine {
    static func line(_ segment: ArchiveSegment) -> String {
        let index = segment.index
        let state = segment.damage != nil ? "damaged" : segment.sealed ? "sealed" : "open"
        return [
            segment.file, state, index.firstOffset.map(String.init) ?? "-", index.lastOffset.map(String.init) ?? "-",
            String(index.events), String(index.bytes), time(index.minEventMicros), time(index.maxEventMicros)
        ].joined(separator: "\t")
    }

    static func time(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000).ISO8601Format(.iso8601)
    }
}
