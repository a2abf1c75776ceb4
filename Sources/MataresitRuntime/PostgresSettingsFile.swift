import Foundation

/// Finds `ops/postgres/postgresql.conf`: `MATARESIT_POSTGRES_CONF` when set, else relative to the working
/// directory (the repository root, as for `streams/`), else beside the source tree this binary was built from.
enum PostgresSettingsFile {
    static let relativePath = "ops/postgres/postgresql.conf"

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let candidates = [environment["MATARESIT_POSTGRES_CONF"], relativePath, sourceRoot + "/" + relativePath]
        return candidates.compactMap { $0 }.first { FileManager.default.isReadableFile(atPath: $0) }
            .map { AbsolutePath.resolve($0) }
    }
}
