import Foundation
import NIOCore

/// What HEAD (or a listing) tells about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    public var key: String
    public var size: Int
    /// As S3 sends it, with the quotes (`"9b2cf535f27731c974343645a3985328"`).
    public var etag: String?
    public var lastModified: Date?
    public var contentType: String?
}

/// A read object, or the part of it a range asked for.
public struct S3Object: Sendable {
    public var body: ByteBuffer
    public var etag: String?
    /// `bytes 0-9/443` when a range was served (HTTP 206), nil otherwise.
    public var contentRange: String?
    public var contentType: String?

    public var bytes: [UInt8] { Array(body.readableBytesView) }
}

/// A byte range of an object, both ends included (HTTP's `Range: bytes=…`).
public enum S3ByteRange: Sendable, Equatable {
    /// `first...last`.
    case bytes(ClosedRange<Int>)
    /// From `offset` to the end.
    case from(Int)
    /// The last `count` bytes.
    case suffix(Int)

    var header: String {
        switch self {
        case .bytes(let range): "bytes=\(range.lowerBound)-\(range.upperBound)"
        case .from(let offset): "bytes=\(offset)-"
        case .suffix(let count): "bytes=-\(count)"
        }
    }

    var isValid: Bool {
        switch self {
        case .bytes(let range): range.lowerBound >= 0
        case .from(let offset): offset >= 0
        case .suffix(let count): count > 0
        }
    }
}

/// How S3 checks that a body arrived whole. Either way `x-amz-content-sha256` carries the body's hash in the
/// signature too.
public enum S3Checksum: Sendable, Equatable {
    /// `Content-MD5`, which every S3-compatible server knows.
    case md5
    /// `x-amz-checksum-sha256`, AWS's newer checksum, stored with the object.
    case sha256
}

public struct S3PutOptions: Sendable, Equatable {
    /// Sends `If-None-Match: *`: the write fails with ``S3Error/preconditionFailed(_:)`` if the key exists, so an
    /// archived segment is never overwritten.
    public var onlyIfAbsent: Bool
    public var contentType: String?
    public var checksum: S3Checksum

    public init(onlyIfAbsent: Bool = false, contentType: String? = nil, checksum: S3Checksum = .md5) {
        self.onlyIfAbsent = onlyIfAbsent
        self.contentType = contentType
        self.checksum = checksum
    }
}

public struct S3PutResult: Sendable, Equatable {
    public var etag: String?
    /// How many parts a multipart upload used; nil for a single PUT.
    public var parts: Int?
}

/// One page of ListObjectsV2.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ObjectInfo]
    /// With a delimiter: the "folders" at this level (`prefix/sub/`).
    public var commonPrefixes: [String] = []
    /// Pass to the next call; nil on the last page.
    public var nextContinuationToken: String?
}

/// Dates as S3 writes them in headers (RFC 7231) and in XML (ISO 8601 with milliseconds).
enum S3Dates {
    static func parseHTTP(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    static func parseISO8601(_ text: String) -> Date? {
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? fractional.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
