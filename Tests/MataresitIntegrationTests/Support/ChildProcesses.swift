import Foundation
import Synchronization

/// Child processes of a test, started with `posix_spawn` (never Foundation's `Process`, whose `waitUntilExit`
/// hangs in async code). Every child still running is killed with SIGKILL when the set is released, so a
/// failing test leaves no worker or broker behind.
final class ChildProcesses: Sendable {
    struct Child: Sendable {
        let name: String
        let pid: pid_t
        let outputPath: String
    }

    let directory: String
    private let children = Mutex<[Child]>([])

    init() throws {
        directory = NSTemporaryDirectory() + "mataresit-children-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        killAll()
        forwardLogs()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The children's output goes to this process's standard error, as it is, before their folder is removed:
    /// the suite's log scan (`ops/scripts/scan-logs.sh`) then checks the workers' and brokers' log lines too.
    private func forwardLogs() {
        let logs =
            (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".log") } ?? []
        for log in logs.sorted() {
            guard let output = FileManager.default.contents(atPath: "\(directory)/\(log)"), !output.isEmpty else {
                continue
            }
            FileHandle.standardError.write(output)
            if output.last != UInt8(ascii: "\n") { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    /// The `mataresit` executable built next to the test bundle.
    static var mataresitExecutable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundle, bundle.deletingLastPathComponent(), bundle.deletingLastPathComponent().deletingLastPathComponent()
        ]
        .map { $0.appendingPathComponent("mataresit").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Starts `executable arguments` with `environment` added to this process's; stdout and stderr go to a file.
    @discardableResult
    func start(_ name: String, _ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> Child
    {
        let output = "\(directory)/\(name).log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw ChildProcessError.cannotStart(executable, status) }
        let child = Child(name: name, pid: pid, outputPath: output)
        children.withLock { $0.append(child) }
        return child
    }

    /// SIGKILL, then reaps it.
    func kill9(_ child: Child) {
        _ = kill(child.pid, SIGKILL)
        reap(child)
    }

    /// SIGTERM, waits up to `timeout` for a graceful exit, then SIGKILL. Returns whether it exited by itself.
    @discardableResult
    func terminate(_ child: Child, timeout: Duration = .seconds(15)) async -> Bool {
        _ = kill(child.pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            if waitpid(child.pid, &status, WNOHANG) == child.pid {
                forget(child)
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        kill9(child)
        return false
    }

    /// Waits up to `timeout` for the child to exit by itself; its exit status, or nil (then it is killed).
    func exitStatus(of child: Child, timeout: Duration = .seconds(60)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            if waitpid(child.pid, &status, WNOHANG) == child.pid {
                forget(child)
                return (status >> 8) & 0xFF
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill9(child)
        return nil
    }

    /// Whether the child has exited (reaping it if so).
    func hasExited(_ child: Child) -> Bool {
        var status: Int32 = 0
        guard waitpid(child.pid, &status, WNOHANG) == child.pid else { return false }
        forget(child)
        return true
    }

    func output(of child: Child) -> String { (try? String(contentsOfFile: child.outputPath, encoding: .utf8)) ?? "" }

    /// Waits until the child's output has a line starting with `prefix`; returns the rest of that line.
    func awaitLine(from child: Child, prefix: String, timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output(of: child).split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            if hasExited(child) {
                throw ChildProcessError.exited(child.name, output(of: child).suffix(2000).description)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChildProcessError.timedOut(child.name, prefix)
    }

    func killAll() {
        for child in children.withLock({ $0 }) { kill9(child) }
    }

    private func reap(_ child: Child) {
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
        forget(child)
    }

    private func forget(_ child: Child) { children.withLock { $0.removeAll { $0.pid == child.pid } } }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case cannotStart(String, Int32)
    case exited(String, String)
    case timedOut(String, String)

    var description: String {
        switch self {
        case .cannotStart(let path, let status): return "cannot start \(path) (posix_spawn \(status))"
        case .exited(let name, let output): return "\(name) exited early: \(output)"
        case .timedOut(let name, let prefix): return "\(name) printed no line starting with \(prefix)"
        }
    }
}
