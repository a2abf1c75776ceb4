import Foundation
import MataresitObjectStore
import Testing

/// AWS's Signature Version 4 test suite, every case of it, in the mode it was written for (generic services, which
/// normalise paths and encode them twice) and, where the case means the same to S3, in S3's mode.
///
/// Skipped: none. Errata: in `post-x-www-form-urlencoded` and `post-x-www-form-urlencoded-parameters` AWS's
/// `.sts` and `.authz` were not made from the `.creq` beside them: they sign the request without `Content-Length`
/// (and the second with `charset=utf8` where `.req` says `charset=utf-8`), and the second's `.authz` still lists
/// `content-length` in SignedHeaders although its signature leaves it out. For these two the canonical request is
/// checked against `.creq` as published, and the string to sign and signature against the request they were made
/// from (`SigV4SuiteCase.requestBehindSignature`). Notes:
/// - `post-sts-header-after` adds `X-Amz-Security-Token` after signing, so its `.req` (without the token) is signed
///   as it stands. S3 signs the token, which is `post-sts-header-before`; `sign(_:at:)` is checked against that.
/// - `get-header-value-multiline` uses an obsolete folded header; AWS's expected `value1,value2,value3` is matched.
/// - The `normalize-path` cases do not hold for S3, which signs the path verbatim; `SigV4S3ModeTests` checks that.
@Suite struct SigV4SuiteTests {
    static let cases: [SigV4SuiteCase] = (try? SigV4SuiteCase.all()) ?? []

    @Test func suiteIsPresent() {
        // 31 cases in AWS's suite as published: 22 at the top, 7 in normalize-path/, 2 in post-sts-token/.
        #expect(Self.cases.count == 31, "fixtures missing under \(SigV4SuiteCase.root.path)")
    }

    @Test(arguments: cases) func genericService(_ test: SigV4SuiteCase) {
        let signer = SigV4Signer(
            credentials: SigV4SuiteCase.credentials, region: SigV4SuiteCase.region, service: SigV4SuiteCase.service)
        let date = SigV4SuiteCase.date
        #expect(signer.canonicalRequest(for: test.request) == test.creq)
        let signed = test.requestBehindSignature
        #expect(signer.stringToSign(for: signed, at: date) == test.sts)
        let authorization = signer.authorization(for: signed, at: date)
        if test.name == "post-x-www-form-urlencoded-parameters" {
            #expect(authorization.split(separator: " ").last == test.authz.split(separator: " ").last)
        } else {
            #expect(authorization == test.authz)
        }
    }

    /// S3 mode with the path put on the wire the way the S3 client does (each byte outside RFC 3986's unreserved
    /// set percent-encoded once), for the cases whose path needs no normalising.
    @Test(arguments: cases.filter { !$0.name.hasPrefix("normalize-path/") || $0.name.hasSuffix("get-space") })
    func s3Mode(_ test: SigV4SuiteCase) {
        let signer = SigV4Signer(
            credentials: SigV4SuiteCase.credentials, region: SigV4SuiteCase.region, service: SigV4SuiteCase.service,
            normalizesPath: false)
        var request = test.request
        request.path = SigV4Canonical.encode(test.rawPath, keepingSlash: true)
        #expect(signer.canonicalRequest(for: request) == test.creq)
        var signed = test.requestBehindSignature
        signed.path = request.path
        let signature = signer.authorization(for: signed, at: SigV4SuiteCase.date).split(separator: " ").last
        #expect(signature == test.authz.split(separator: " ").last)
    }

    /// `sign(_:at:)` with a session token adds and signs `x-amz-security-token`, giving `post-sts-header-before`'s
    /// signature from the request without the token.
    @Test func sessionTokenIsSigned() throws {
        let test = try SigV4SuiteCase.named("post-sts-token/post-sts-header-before")
        let token = try #require(test.headers.first { $0.name == "X-Amz-Security-Token" }?.value)
        var credentials = SigV4SuiteCase.credentials
        credentials.sessionToken = token
        let signer = SigV4Signer(credentials: credentials, region: SigV4SuiteCase.region, service: "service")
        var request = test.request
        request.headers.removeAll { $0.name == "X-Amz-Security-Token" }
        let headers = signer.sign(request, at: SigV4SuiteCase.date)
        #expect(headers.last?.name == "Authorization")
        #expect(headers.last?.value == test.authz)
        #expect(headers.contains { $0 == ("x-amz-security-token", token) })
    }
}
