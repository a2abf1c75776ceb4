import Foundation

/// Runs external tools (initdb, pg_ctl, ...) with `posix_spawn` and `waitpid`. Foundation's `Process`
/// is not used: its `waitUntilExit` was seen to hang forever inside async commands on Linux.
public enum ExternalTool {
    /// Runs a tool to completion and returns its standard output; throws with its exit status and the
    /// last lines of its standard error otherwise.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], quiet: Bool = false) throws -> String {
        let outputPath = temporaryPath("out"), errorPath = temporaryPath("err")
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        let status = try spawnAndWait(executable, arguments, stdout: outputPath, stderr: errorPath)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            let tail = errors.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw RuntimeError.commandFailed(
                tool: (executable as NSString).lastPathComponent, status: status, message: quiet ? "" : tail)
        }
        return output
    }

    private static func spawnAndWait(_ executable: String, _ arguments: [String], stdout: String, stderr: String)
        throws -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw RuntimeError.commandFailed(
                tool: (executable as NSString).lastPathComponent, status: spawned, message: "cannot start it")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED/WEXITSTATUS are macros; decode the status word by hand.
        let signaled = (status & 0x7F) != 0
        return signaled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
    }

    private static func temporaryPath(_ suffix: String) -> String {
        "\(NSTemporaryDirectory())/mataresit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(suffix)"
    }
}
