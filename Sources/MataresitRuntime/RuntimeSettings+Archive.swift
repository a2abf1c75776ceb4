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
        if case .objectStore = location {
            do {
                _ = try S3Configuration.fromEnvironment(environment)
            } catch {
                reader.reject("ARCHIVE_URL", "the bucket needs its AWS_* settings: \(error)")
            }
        }
        return location
    }

    /// The variables AWS tools read, listed by `config show` (secrets masked); parsed by ``S3Configuration``.
    private static func readObjectStoreVariables(_ reader: inout EnvironmentReader) {
        _ = reader.string("AWS_ACCESS_KEY_ID", sensitivity: .secret, note: "for an s3:// ARCHIVE_URL")
        _ = reader.string("AWS_SECRET_ACCESS_KEY", sensitivity: .secret)
        _ = reader.string("AWS_SESSION_TOKEN", sensitivity: .secret, note: "temporary credentials only")
        _ = reader.string("AWS_REGION", default: "us-east-1")
        _ = reader.string("AWS_ENDPOINT_URL", note: "an S3-compatible store other than AWS")
        _ = reader.string("AWS_S3_FORCE_PATH_STYLE", note: "default: on when AWS_ENDPOINT_URL is set")
        _ = reader.integer("AWS_MAX_ATTEMPTS", default: 5, in: 1...20)
    }
}
