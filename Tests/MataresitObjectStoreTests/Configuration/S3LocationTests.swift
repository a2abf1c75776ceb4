import MataresitObjectStore
import Testing

@Suite struct S3LocationTests {
    @Test func parsesBucketAndPrefix() throws {
        #expect(try S3Location(url: "s3://archive") == S3Location(bucket: "archive", prefix: ""))
        #expect(try S3Location(url: "s3://archive/").prefix == "")
        #expect(try S3Location(url: "s3://archive/segments").prefix == "segments/")
        #expect(try S3Location(url: "s3://archive/a/b/").key("x.zst") == "a/b/x.zst")
        #expect(try S3Location(url: "S3://my.bucket-1/p").bucket == "my.bucket-1")
    }

    @Test(arguments: ["archive", "https://archive/x", "s3://", "s3:///prefix", "s3://bucket/p?x=1", "s3://bucket#f"])
    func rejectsMalformedURLs(_ url: String) {
        #expect(throws: S3ConfigurationError.self) { try S3Location(url: url) }
    }

    @Test func malformedURLMessageSaysWhatIsExpected() {
        let error = #expect(throws: S3ConfigurationError.self) { try S3Location(url: "archive") }
        #expect(
            error?.description
                == "malformed S3 URL 'archive': it must start with s3://; expected s3://bucket or s3://bucket/prefix")
    }

    @Test(arguments: [
        "ab", String(repeating: "a", count: 64), "Archive", "arch_ive", "-archive", "archive.", "a..b", "192.168.1.1",
        "xn--archive", "archive-s3alias", "sthree-x"
    ])
    func rejectsBadBucketNames(_ name: String) {
        let error = #expect(throws: S3ConfigurationError.self) { try S3Location(url: "s3://\(name)/p") }
        guard case .invalidBucketName(let bad, _) = error else {
            Issue.record("expected invalidBucketName, got \(String(describing: error))")
            return
        }
        #expect(bad == name)
    }

    @Test(arguments: ["abc", "my-archive.2026", "0archive9", String(repeating: "a", count: 63)])
    func acceptsGoodBucketNames(_ name: String) throws {
        try S3BucketName.validate(name)
    }
}
