import Foundation
import MataresitObjectStore

/// Where the archive lives, from `ARCHIVE_URL`: `file:///var/lib/mataresit/archive` (or a plain path) for a local
/// folder, `s3://bucket/prefix` for S3-compatible object storage configured by the `AWS_*` variables.
public enum ArchiveLocation: Sendable, Equatable, CustomStringConvertible {
    case folder(String)
    case objectStore(S3Location)

    /// Parses `ARCHIVE_URL`; relative folders resolve against `workingDirectory`.
    public init(url: String, workingDirectory: String = FileManager.default.currentDirectoryPath) throws {
        let text = url.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("s3://") {
            self = .objectStore(try S3Location(url: text))
        } else if text.hasPrefix("file://") {
            let path = String(text.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw ArchiveLocationError("ARCHIVE_URL \(text): a file URL needs an absolute path (file:///path)")
            }
            self = .folder(path)
        } else if text.contains("://") {
            throw ArchiveLocationError("ARCHIVE_URL \(text): use file:///path or s3://bucket/prefix")
        } else if text.isEmpty {
            throw ArchiveLocationError("ARCHIVE_URL is empty")
        } else {
            self = .folder(text.hasPrefix("/") ? text : workingDirectory + "/" + text)
        }
    }

    public var description: String {
        switch self {
        case .folder(let path): "file://" + path
        case .objectStore(let location): location.description
        }
    }

    /// The local folder, when the archive is one.
    public var folder: String? {
        if case .folder(let path) = self { return path }
        return nil
    }

    /// Opens the storage; for a bucket, reads the `AWS_*` variables from `environment`.
    public func storage(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any ArchiveStorage {
        switch self {
        case .folder(let path): return FolderArchiveStorage(root: path)
        case .objectStore(let location):
            let client = S3Client(configuration: try S3Configuration.fromEnvironment(environment))
            return ObjectArchiveStorage(client: client, location: location)
        }
    }
}

extension ArchiveLocation {
    /// The storage, or nil for a folder that does not exist (nothing archived here, so nothing to read).
    public func existingStorage(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (any ArchiveStorage)? {
        if let folder, !FileManager.default.fileExists(atPath: folder) { return nil }
        return try storage(environment: environment)
    }
}

public struct ArchiveLocationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
