import Foundation
import MataresitObjectStore
import Testing

/// One case of AWS's Signature Version 4 test suite (Fixtures/aws-sig-v4-test-suite, Apache-2.0, see its
/// LICENSE and NOTICE): the request as `.req` writes it and the expected canonical request, string to sign and
/// `Authorization` header.
struct SigV4SuiteCase: CustomTestStringConvertible, Sendable {
    /// `get-vanilla`, or `normalize-path/get-slash` for cases in a sub-folder.
    let name: String
    let method: String
    /// The request line's path exactly as written (the suite writes some unencoded, e.g. `/example space/`).
    let rawPath: String
    let query: [(name: String, value: String)]
    let headers: [(name: String, value: String)]
    let body: String
    let creq: String
    let sts: String
    let authz: String

    var testDescription: String { name }

    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = SigV4Date.parse("20150830T123600Z")!
    static let region = "us-east-1"
    static let service = "service"

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws-sig-v4-test-suite")

    /// Every case in the suite: each folder holding `<folder>.req`, sorted by name.
    static func all() throws -> [SigV4SuiteCase] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var cases: [SigV4SuiteCase] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "req" else { continue }
            cases.append(try load(url.deletingPathExtension()))
        }
        return cases.sorted { $0.name < $1.name }
    }

    static func named(_ name: String) throws -> SigV4SuiteCase {
        let folder = root.appendingPathComponent(name)
        return try load(folder.appendingPathComponent(folder.lastPathComponent))
    }

    var request: SigV4Request {
        SigV4Request(
            method: method, path: rawPath, query: query, headers: headers,
            payloadSHA256: SigV4Request.sha256Hex(Data(body.utf8)))
    }

    /// The request `.sts` and `.authz` were computed from: `request`, except in the two errata cases described in
    /// `SigV4SuiteTests`, whose signatures leave `Content-Length` out (and one spells the charset `utf8`).
    var requestBehindSignature: SigV4Request {
        guard name.hasPrefix("post-x-www-form-urlencoded") else { return request }
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "content-length" }
        request.headers = request.headers.map { header in
            header.name.lowercased() != "content-type"
                ? header
                : (header.name, header.value.replacingOccurrences(of: "charset=utf-8", with: "charset=utf8"))
        }
        return request
    }

    private static func load(_ base: URL) throws -> SigV4SuiteCase {
        func read(_ ext: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8)
        }
        let name = base.deletingLastPathComponent().path.replacingOccurrences(of: root.path + "/", with: "")
        return try SigV4SuiteCase(
            name: name, req: read("req"), creq: read("creq"), sts: read("sts"), authz: read("authz"))
    }
}
