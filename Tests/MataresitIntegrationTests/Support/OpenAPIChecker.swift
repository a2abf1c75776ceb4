import Foundation
import Testing

/// Runs Python's `openapi-spec-validator` (installed with pip when missing) on the served document, and
/// validates recorded responses against the document's response schemas with `jsonschema` (one of its
/// dependencies). A missing Python is a failure, not a skip.
enum OpenAPIChecker {
    /// One response seen by a test: the path template of the document, the status and the parsed body.
    struct Sample {
        let method: String
        let template: String
        let status: Int
        let body: Data
    }

    static func ensureValidatorInstalled() throws {
        if (try? python(["-c", "import openapi_spec_validator, jsonschema"])) == 0 { return }
        let status = try python(["-m", "pip", "install", "-q", "openapi-spec-validator"])
        #expect(status == 0, "pip could not install openapi-spec-validator")
    }

    /// Validates the document; returns the validator's exit status (0 = valid).
    static func validate(document: Data) throws -> Int32 {
        let file = try temporaryFile(document, suffix: "openapi.json")
        defer { try? FileManager.default.removeItem(at: file) }
        return try python(["-m", "openapi_spec_validator", file.path])
    }

    /// Validates every sample against its response schema; returns the exit status (0 = all match).
    static func check(_ samples: [Sample], document: Data) throws -> Int32 {
        var list: [[String: Any]] = []
        for sample in samples {
            list.append([
                "method": sample.method.lowercased(), "path": sample.template, "status": "\(sample.status)",
                "body": try JSONSerialization.jsonObject(with: sample.body, options: [.fragmentsAllowed])
            ])
        }
        let samplesFile = try temporaryFile(try JSONSerialization.data(withJSONObject: list), suffix: "samples.json")
        let documentFile = try temporaryFile(document, suffix: "openapi.json")
        defer {
            try? FileManager.default.removeItem(at: samplesFile)
            try? FileManager.default.removeItem(at: documentFile)
        }
        return try python(["-c", script, documentFile.path, samplesFile.path])
    }

    /// Resolves each response (following `$ref`) and validates the body with the document as the schema root.
    static let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        doc = json.load(open(sys.argv[1]))
        samples = json.load(open(sys.argv[2]))
        failures = 0
        def pointer(*parts):
            return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
        for s in samples:
            path = "/api/v1/" + s["path"]
            op = doc["paths"].get(path, {}).get(s["method"])
            if op is None:
                print("undocumented:", s["method"], path); failures += 1; continue
            response = op["responses"].get(s["status"])
            if response is None:
                print("undocumented status:", s["method"], path, s["status"]); failures += 1; continue
            if "$ref" in response:
                ref = response["$ref"]
                response = doc["components"]["responses"][ref.split("/")[-1]]
                base = ["components", "responses", ref.split("/")[-1]]
            else:
                base = ["paths", path, s["method"], "responses", s["status"]]
            schema = dict(doc)
            schema["$ref"] = pointer(*base, "content", "application/json", "schema")
            errors = list(Draft202012Validator(schema).iter_errors(s["body"]))
            for e in errors[:3]:
                print("mismatch:", s["method"], path, s["status"], list(e.absolute_path), e.message[:300])
            failures += bool(errors)
        print(f"checked {len(samples)} responses, {failures} failed")
        sys.exit(1 if failures else 0)
        """

    static func python(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func temporaryFile(_ data: Data, suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(suffix)")
        try data.write(to: url)
        return url
    }
}
