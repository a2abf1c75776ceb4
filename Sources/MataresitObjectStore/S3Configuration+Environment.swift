import Foundation

extension S3Configuration {
    /// Reads the variables operators set for AWS tools:
    ///
    /// - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (required), `AWS_SESSION_TOKEN` (optional);
    /// - `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1`;
    /// - `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`: a custom endpoint, `http(s)://host[:port]`;
    /// - `AWS_S3_FORCE_PATH_STYLE` (`true`/`false`): path-style URLs. Unset, it is on exactly when a custom endpoint
    ///   is given, since MinIO, moto, Ceph and most other S3-compatible servers have no per-bucket DNS names;
    /// - `AWS_MAX_ATTEMPTS`: attempts per request, 1 to 20 (default 5).
    ///
    /// Empty values count as unset.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(S3ConfigurationError) -> S3Configuration {
        let env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let missing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].filter { env[$0] == nil }
        guard missing.isEmpty, let keyID = env["AWS_ACCESS_KEY_ID"], let secret = env["AWS_SECRET_ACCESS_KEY"] else {
            throw .missingCredentials(missing: missing)
        }
        let credentials = AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: env["AWS_SESSION_TOKEN"])
        let region = env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1"
        try validateRegion(region)
        let endpoint = try (env["AWS_ENDPOINT_URL_S3"] ?? env["AWS_ENDPOINT_URL"]).map {
            url throws(S3ConfigurationError) in
            try S3Endpoint(url: url)
        }
        var retry = S3RetryPolicy()
        if let attempts = env["AWS_MAX_ATTEMPTS"] {
            retry.maxAttempts = try boundedInt("AWS_MAX_ATTEMPTS", attempts, 1...20)
        }
        let pathStyle = try env["AWS_S3_FORCE_PATH_STYLE"].map { value throws(S3ConfigurationError) in
            try bool("AWS_S3_FORCE_PATH_STYLE", value)
        }
        return S3Configuration(
            credentials: credentials, region: region, endpoint: endpoint, forcePathStyle: pathStyle, retry: retry)
    }

    private static func validateRegion(_ region: String) throws(S3ConfigurationError) {
        let allowed = region.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        guard allowed, !region.isEmpty else {
            throw .invalidSetting(name: "AWS_REGION", value: region, reason: "expected a region such as eu-west-1")
        }
    }

    private static func bool(_ name: String, _ value: String) throws(S3ConfigurationError) -> Bool {
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalidSetting(name: name, value: value, reason: "expected true or false")
        }
    }

    private static func boundedInt(
        _ name: String, _ value: String, _ range: ClosedRange<Int>
    ) throws(S3ConfigurationError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw .invalidSetting(name: name, value: value, reason: "expected a whole number in \(range)")
        }
        return number
    }
}
