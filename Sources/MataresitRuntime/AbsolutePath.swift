import Foundation

/// Folder and file arguments resolved once, at the start of a command, against the current directory.
///
/// Every path handed to another program (initdb, pg_ctl, runuser, psql) must be absolute: PostgreSQL resolves a
/// relative socket folder against its own data directory, not the caller's, and refuses to start.
public enum AbsolutePath {
    /// `path` made absolute against `directory` (the current directory by default), with `.`, `..` and `~`
    /// resolved and no trailing slash.
    public static func resolve(_ path: String, in directory: String = FileManager.default.currentDirectoryPath)
        -> String
    {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
        return (joined as NSString).standardizingPath
    }
}
