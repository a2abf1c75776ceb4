/// Why an `s3://` URL, a bucket name or the environment cannot configure a client. The messages name the variable
/// or value at fault and what would fix it; they never contain secrets.
public enum S3ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingCredentials(missing: [String])
    case malformedURL(String, reason: String)
    case invalidBucketName(String, reason: String)
    case invalidEndpoint(String, reason: String)
    case invalidSetting(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .missingCredentials(let missing):
            "S3 credentials missing: set \(missing.joined(separator: " and ")) "
                + "(and AWS_SESSION_TOKEN for temporary credentials)"
        case .malformedURL(let url, let reason):
            "malformed S3 URL '\(url)': \(reason); expected s3://bucket or s3://bucket/prefix"
        case .invalidBucketName(let name, let reason): "invalid S3 bucket name '\(name)': \(reason)"
        case .invalidEndpoint(let url, let reason):
            "invalid AWS_ENDPOINT_URL '\(url)': \(reason); expected http(s)://host[:port]"
        case .invalidSetting(let name, let value, let reason): "invalid \(name)='\(value)': \(reason)"
        }
    }
}
