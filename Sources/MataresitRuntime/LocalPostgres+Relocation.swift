import Crypto
import Foundation
import Logging

/// Where a cluster goes when it cannot live in the folder asked for.
extension LocalPostgres {
    /// The parent of relocated clusters: as root, in the `postgres` user's home, which it always reaches;
    /// otherwise in the temporary folder.
    public static var relocationRoot: String {
        if isRoot && FileManager.default.fileExists(atPath: "/var/lib/postgresql") {
            return "/var/lib/postgresql/mataresit-clusters"
        }
        return AbsolutePath.resolve(NSTemporaryDirectory() + "/mataresit-clusters")
    }
    static let locationFileName = "cluster-location"

    /// Whether the cluster must live elsewhere: as root, in a folder the `postgres` user cannot reach; or in a
    /// folder so deep that the socket's path would pass the 107 bytes a unix socket address holds.
    static func needsRelocation(_ requested: String, port: Int) -> Bool {
        if (requested + "/run/.s.PGSQL.\(port).lock").utf8.count > 100 { return true }
        return isRoot && !postgresCanReach(requested)
    }

    /// Whether every existing folder on the way to `path` lets others (the `postgres` user) through; folders still
    /// to be created are made with the usual 0755.
    static func postgresCanReach(_ path: String) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var status = stat()
            guard stat(prefix, &status) == 0 else { return true }
            if status.st_mode & S_IXOTH == 0 && status.st_uid != postgresUserID { return false }
        }
        return true
    }

    /// One folder per requested folder, so the same folder finds the same cluster again.
    static func relocation(of requested: String) -> String {
        let digest = SHA256.hash(data: Data(requested.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return relocationRoot + "/" + digest
    }

    /// Names the relocation in the requested folder. A relocated cluster whose folder has no such note belongs
    /// to a folder deleted since (say, `rm -rf .mataresit-dev`): it is stopped and deleted, so a new folder starts
    /// from an empty cluster, as it would in place.
    func prepareRelocation(logger: Logger) throws {
        let note = requestedFolder + "/" + Self.locationFileName
        if !FileManager.default.fileExists(atPath: note) && FileManager.default.fileExists(atPath: folder) {
            try stop()
            try FileManager.default.removeItem(atPath: folder)
        }
        try FileManager.default.createDirectory(atPath: requestedFolder, withIntermediateDirectories: true)
        try Data((folder + "\n").utf8).write(to: URL(fileURLWithPath: note))
        logger.notice(
            "the postgres user cannot reach the data folder; the cluster lives in the relocation",
            metadata: ["folder": "\(requestedFolder)", "relocation": "\(folder)"])
    }

    private static var postgresUserID: uid_t { getpwnam("postgres")?.pointee.pw_uid ?? 0 }
}
