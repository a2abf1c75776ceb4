import MataresitObjectStore
import MataresitStreams

extension RuntimeSettings {
    /// `ARCHIVE_URL` (a folder or a bucket), else the folder `ARCHIVE_DIR`; with a bucket, the `AWS_*` variables
    /// it needs are checked now, so a missing credential stops the process at start with the variable's name.
    static func archiveLocation(reading reader: inout EnvironmentReader, environment: [String: String])
        -> ArchiveLocation
    {
        let folder = reader.string("ARCHIVE_DIR", default: ".mataresit-archive") ?? ".mataresit-archive"
        let url = reader.string("ARCHIVE_URL", note: "file:///path or s3://bucket/prefix; overrides ARCHIVE_DIR") {
            url in
            do {
                _ = try ArchiveLocation(url: url)
                return nil
            } catch {
                return "\(error)"
            }
        }
        readObjectStoreVariables(&reader)
        let location = url.flatMap { try? ArchiveLocation(url: $0) } ?? .folder(AbsolutePath.resolve(folder))
        checkObjectStoreVariables(&reader, environment, bucket: location.folder == nil)
        return location
    }

    /// Parses the `AWS_*` variables as the S3 client will, so a malformed one is refused at start whatever the
    /// archive; missing credentials are refused only for a bucket. Reasons name the variable, never its value.
    private static func checkObjectStoreVariables(
        _ reader: inout EnvironmentReader, _ environment: [String: String], bucket: Bool
    ) {
        let placeholders = ["AWS_ACCESS_KEY_ID": "placeholder", "AWS_SECRET_ACCESS_KEY": "placeholder"]
        let present = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        do throws(S3ConfigurationError) {
            _ = try S3Configuration.fromEnvironment(present.merging(placeholders) { current, _ in current })
        } catch {
            switch error {
            case .invalidSetting(let name, _, let reason): reader.reject(name, reason)
            case .invalidEndpoint(_, let reason):
                reader.reject(
                    present["AWS_ENDPOINT_URL_S3"] != nil ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL", reason)
            default: reader.reject("AWS_ENDPOINT_URL", "not a setting the S3 client accepts")
            }
        }
        let missing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].filter { present[$0] == nil }
        if bucket, !missing.isEmpty {
            reader.reject("ARCHIVE_URL", "the bucket needs \(missing.joined(separator: " and "))")
        }
    }

    /// The variables AWS tools read, listed by `config show` (secrets masked); checked by
    /// ``checkObjectStoreVariables(_:_:bucket:)`` as ``S3Configuration`` parses them.
    private static func readObjectStoreVariables(_ reader: inout EnvironmentReader) {
        _ = reader.string("AWS_ACCESS_KEY_ID", sensitivity: .secret, note: "for an s3:// ARCHIVE_URL")
        _ = reader.string("AWS_SECRET_ACCESS_KEY", sensitivity: .secret)
        _ = reader.string("AWS_SESSION_TOKEN", sensitivity: .secret, note: "temporary credentials only")
        _ = reader.string("AWS_REGION", default: "us-east-1")
        _ = reader.string("AWS_ENDPOINT_URL", note: "an S3-compatible store other than AWS")
        _ = reader.string("AWS_S3_FORCE_PATH_STYLE", note: "default: on when AWS_ENDPOINT_URL is set")
        _ = reader.string("AWS_MAX_ATTEMPTS", default: "5", note: "1 to 20")
    }
}
