import Foundation
import NIOCore

extension S3Client {
    /// One page of ListObjectsV2: up to `maxKeys` (S3 caps it at 1,000) objects under `prefix`, after `startAfter`
    /// or from `continuationToken` (the previous page's ``S3ListPage/nextContinuationToken``).
    public func listObjectsPage(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, startAfter: String? = nil,
        continuationToken: String? = nil, maxKeys: Int? = nil
    ) async throws -> S3ListPage {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = S3Request(method: .GET, bucket: bucket, query: query)
        let response = try await send(request, maxResponseBytes: 64 << 20)
        return try S3ListParser.page(response.body, operation: request.label)
    }

    /// Every object under `prefix` (after `startAfter`), page after page, as an `AsyncSequence`.
    public func listObjects(
        bucket: String, prefix: String? = nil, startAfter: String? = nil, pageSize: Int? = nil
    ) -> S3ObjectListing {
        S3ObjectListing(client: self, bucket: bucket, prefix: prefix, startAfter: startAfter, pageSize: pageSize)
    }
}

/// The objects of a listing, fetched a page at a time as they are iterated.
public struct S3ObjectListing: AsyncSequence, Sendable {
    public typealias Element = S3ObjectInfo
    let client: S3Client
    let bucket: String
    let prefix: String?
    let startAfter: String?
    let pageSize: Int?

    /// A guard against a server that never stops paging: 10 million pages is 10 billion keys.
    static let maxPages = 10_000_000

    public func makeAsyncIterator() -> Iterator { Iterator(listing: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let listing: S3ObjectListing
        var buffered: [S3ObjectInfo] = []
        var token: String?
        var pages = 0
        var finished = false

        init(listing: S3ObjectListing) { self.listing = listing }

        public mutating func next() async throws -> S3ObjectInfo? {
            while buffered.isEmpty && !finished {
                try await fetchPage()
            }
            return buffered.isEmpty ? nil : buffered.removeFirst()
        }

        private mutating func fetchPage() async throws {
            guard pages < S3ObjectListing.maxPages else {
                throw S3Error.invalidResponse(operation: "list \(listing.bucket)", reason: "too many pages")
            }
            let page = try await listing.client.listObjectsPage(
                bucket: listing.bucket, prefix: listing.prefix, startAfter: token == nil ? listing.startAfter : nil,
                continuationToken: token, maxKeys: listing.pageSize)
            pages += 1
            if let next = page.nextContinuationToken, next == token {
                throw S3Error.invalidResponse(
                    operation: "list \(listing.bucket)", reason: "continuation token repeated")
            }
            buffered = page.objects
            token = page.nextContinuationToken
            finished = token == nil
        }
    }
}

/// Reads `<ListBucketResult>`; keys and prefixes come URL-encoded (`encoding-type=url`) so that any key survives
/// XML, and are decoded here.
enum S3ListParser {
    static func page(_ body: ByteBuffer, operation: String) throws -> S3ListPage {
        guard let root = S3XMLNode.parse(Data(body.readableBytesView)), root.name == "ListBucketResult" else {
            throw S3Error.invalidResponse(operation: operation, reason: "no ListBucketResult")
        }
        let encoded = root.value("EncodingType") == "url"
        let decode = { (text: String) in encoded ? (text.removingPercentEncoding ?? text) : text }
        let objects = try root.children("Contents").map { node in
            guard let key = node.value("Key"), let size = node.value("Size").flatMap({ Int($0) }) else {
                throw S3Error.invalidResponse(operation: operation, reason: "an entry lacks Key or Size")
            }
            return S3ObjectInfo(
                key: decode(key), size: size, etag: node.value("ETag"),
                lastModified: node.value("LastModified").flatMap(S3Dates.parseISO8601))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.value("Prefix") }.map(decode)
        let truncated = root.value("IsTruncated") == "true"
        let token = truncated ? root.value("NextContinuationToken") : nil
        if truncated && token == nil {
            throw S3Error.invalidResponse(operation: operation, reason: "truncated without NextContinuationToken")
        }
        return S3ListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: token)
    }
}
