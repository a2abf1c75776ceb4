/// Where objects live: a bucket and a key prefix, as operators write it (`s3://bucket/prefix`).
///
/// A non-empty prefix always ends in `/`, so `s3://archive/segments` and `s3://archive/segments/` both put
/// `name` at `segments/name`.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public let bucket: String
    public let prefix: String

    public init(bucket: String, prefix: String = "") throws(S3ConfigurationError) {
        try S3BucketName.validate(bucket)
        self.bucket = bucket
        var prefix = prefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    /// Parses `s3://bucket` or `s3://bucket/some/prefix`. The prefix is kept as written (no percent-decoding).
    public init(url: String) throws(S3ConfigurationError) {
        let scheme = "s3://"
        guard url.lowercased().hasPrefix(scheme) else {
            throw .malformedURL(url, reason: "it must start with s3://")
        }
        let rest = url.dropFirst(scheme.count)
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .malformedURL(url, reason: "a query (?) or fragment (#) is not allowed")
        }
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { throw .malformedURL(url, reason: "the bucket name is missing") }
        try self.init(bucket: String(bucket), prefix: String(rest.dropFirst(bucket.count)))
    }

    /// The full key of `name` under the prefix.
    public func key(_ name: String) -> String { prefix + name }

    public var description: String { "s3://\(bucket)/\(prefix)" }
}

/// S3's naming rules for general purpose buckets (3-63 characters of lower-case letters, digits, `.` and `-`,
/// starting and ending with a letter or digit, no `..`, not an IP address, no reserved prefix or suffix).
public enum S3BucketName {
    public static func validate(_ name: String) throws(S3ConfigurationError) {
        if let reason = problem(name) { throw .invalidBucketName(name, reason: reason) }
    }

    static func problem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return "it must be 3 to 63 characters long" }
        guard bytes.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return "only lower-case letters, digits, '.' and '-' are allowed" }
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else { return "it must start and end with a letter or digit" }
        if name.contains("..") { return "it must not contain '..'" }
        if isIPv4(name) { return "it must not look like an IP address" }
        if let prefix = reservedPrefixes.first(where: name.hasPrefix) { return "the prefix '\(prefix)' is reserved" }
        if let suffix = reservedSuffixes.first(where: name.hasSuffix) { return "the suffix '\(suffix)' is reserved" }
        return nil
    }

    private static let reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"]
    private static let reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isIPv4(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
