import Foundation
@testable import MataresitObjectStore
import NIOCore
import Testing

@Suite struct S3ListParserTests {
    @Test func readsPageWithEncodedKeys() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>b</Name><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
              <NextContinuationToken>tok/1=</NextContinuationToken>
              <Contents><Key>a%20b/%E2%82%AC%3D</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
                <ETag>&quot;e1&quot;</ETag><Size>42</Size></Contents>
              <CommonPrefixes><Prefix>dir%2Fsub/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """
        let page = try S3ListParser.page(ByteBuffer(string: xml), operation: "list")
        #expect(page.objects.map(\.key) == ["a b/€="])
        #expect(page.objects.first?.size == 42)
        #expect(page.objects.first?.etag == "\"e1\"")
        #expect(page.objects.first?.lastModified == Date(timeIntervalSince1970: 1_767_323_045))
        #expect(page.commonPrefixes == ["dir/sub/"])
        #expect(page.nextContinuationToken == "tok/1=")
    }

    @Test func truncatedWithoutTokenIsAnError() {
        let xml = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"
        #expect(throws: S3Error.self) { try S3ListParser.page(ByteBuffer(string: xml), operation: "list") }
    }

    @Test func addressing() throws {
        let endpoint = try S3Endpoint(url: "https://s3.eu-west-1.amazonaws.com")
        let virtual = S3Address(endpoint: endpoint, pathStyle: false, bucket: "b", key: "x/y z", query: [])
        #expect(virtual.url == "https://b.s3.eu-west-1.amazonaws.com/x/y%20z")
        #expect(virtual.host == "b.s3.eu-west-1.amazonaws.com")
        let dotted = S3Address(endpoint: endpoint, pathStyle: false, bucket: "a.b", key: "k", query: [])
        #expect(dotted.url == "https://s3.eu-west-1.amazonaws.com/a.b/k")
        let local = try S3Endpoint(url: "http://127.0.0.1:9200")
        let path = S3Address(endpoint: local, pathStyle: true, bucket: "b", key: nil, query: [("uploads", "")])
        #expect(path.url == "http://127.0.0.1:9200/b?uploads=")
        #expect(path.host == "127.0.0.1:9200")
        #expect(S3Endpoint.aws(region: "cn-north-1").host == "s3.cn-north-1.amazonaws.com.cn")
    }
}
