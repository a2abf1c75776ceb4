import Foundation
import Testing

/// `mataresit streams validate` as a user runs it: the shipped pipeline with what each stage hosts, and a pipeline
/// that puts one projection in two stages refused with the reason.
@Suite("streams validate")
struct StreamsCommandTests {
    static func validate(_ file: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ChildProcesses.mataresitExecutable)
        process.arguments = ["streams", "validate", "--file", file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("the shipped pipeline: the requests stage hosts the three request projections without a ledger")
    func shipped() throws {
        let (status, output) = try Self.validate(PipelineSpecPath.shipped)
        #expect(status == 0, "\(output)")
        #expect(
            output.contains(
                "stage requests: access_log, usage_summary, rate_limit_stats -> api_access_logs, api_key_usage, "
                    + "api_key_usage_daily, rate_limit_hourly, rate_limit_hourly_total\n"), "\(output)")
    }

    @Test("a projection hosted by two stages is refused, naming both")
    func hostedTwice() throws {
        let text = try String(contentsOfFile: PipelineSpecPath.shipped, encoding: .utf8)
            .replacingOccurrences(of: "    projection: audit\n", with: "    projections: [audit]\n")
            .replacingOccurrences(of: "    projection: erasure\n", with: "    projections: [usage_summary]\n")
        let file = NSTemporaryDirectory() + "pipeline-" + UUID().uuidString + ".yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, output) = try Self.validate(file)
        #expect(status != 0)
        #expect(
            output.contains("projection usage_summary is hosted by more than one stage (requests, erasure)"),
            "\(output)")
    }
}

enum PipelineSpecPath {
    /// The repository's `streams/pipeline.yaml`, found from this file.
    static var shipped: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("streams/pipeline.yaml").path
    }
}
