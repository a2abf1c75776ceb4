import Foundation
import MataresitObjectStore
import Testing

/// S3's own rules: the path is signed as sent (no dot-segment removal, no second encoding), and the examples of
/// AWS's S3 documentation ("Signature Calculations for the Authorization Header", header-based auth) sign alike.
@Suite struct SigV4S3ModeTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = SigV4Date.parse("20130524T000000Z")!
    let signer = SigV4Signer.s3(credentials: credentials, region: "us-east-1")

    @Test(arguments: ["/my-object//example//photo.user", "/a/./b/../c", "//", "/a%20b", "/a%2Bb%3D"])
    func pathIsSignedVerbatim(_ path: String) {
        let request = SigV4Request(method: "GET", path: path, headers: [], payloadSHA256: "x")
        #expect(signer.canonicalRequest(for: request).split(separator: "\n")[1] == path)
    }

    @Test func genericModeEncodesTwice() {
        let generic = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let request = SigV4Request(method: "GET", path: "/a%20b", headers: [], payloadSHA256: "x")
        #expect(generic.canonicalRequest(for: request).split(separator: "\n")[1] == "/a%2520b")
    }

    @Test func getObjectWithRange() {
        let request = SigV4Request(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payloadSHA256: SigV4Request.emptyPayloadSHA256)
        let headers = signer.sign(request, at: Self.date)
        #expect(headers.contains { $0 == ("x-amz-content-sha256", SigV4Request.emptyPayloadSHA256) })
        #expect(headers.contains { $0 == ("x-amz-date", "20130524T000000Z") })
        #expect(
            headers.last?.value
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObjectWithEncodedKey() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let request = SigV4Request(
            method: "PUT", path: "/" + SigV4Canonical.encode("test$file.text", keepingSlash: true),
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY")
            ],
            payloadSHA256: SigV4Request.sha256Hex(body))
        #expect(request.path == "/test%24file.text")
        #expect(
            signer.sign(request, at: Self.date).last?.value.hasSuffix(
                "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd") == true)
    }

    @Test func listObjectsQueryIsSorted() {
        let request = SigV4Request(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")],
            headers: [("Host", "examplebucket.s3.amazonaws.com")], payloadSHA256: SigV4Request.emptyPayloadSHA256)
        #expect(signer.canonicalRequest(for: request).split(separator: "\n")[2] == "max-keys=2&prefix=J")
        #expect(
            signer.sign(request, at: Self.date).last?.value.hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func unsignedPayloadIsSentAndSigned() {
        let request = SigV4Request(
            method: "PUT", path: "/k", headers: [("Host", "h")], payloadSHA256: SigV4Request.unsignedPayload)
        let headers = signer.sign(request, at: Self.date)
        #expect(headers.contains { $0 == ("x-amz-content-sha256", "UNSIGNED-PAYLOAD") })
        #expect(signer.canonicalRequest(for: request).hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    @Test func dateStampsRoundTrip() {
        #expect(SigV4Date.stamp(Self.date) == "20130524T000000Z")
        #expect(SigV4Date.day(Self.date) == "20130524")
        #expect(SigV4Date.parse("2013-05-24") == nil)
    }

    @Test func credentialsDoNotPrintSecrets() {
        let text = "\(AWSCredentials(accessKeyID: "AK", secretAccessKey: "SECRET", sessionToken: "TOKEN"))"
        #expect(!text.contains("SECRET") && !text.contains("TOKEN"))
    }
}
