import ArgumentParser
import Foundation
import Logging
import MataresitRuntime

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Pre-deployment checks: configuration, pipeline, Postgres, migrations, Kafka topics, alert rules.",
        discussion: """
            Prints a pass/fail table and exits non-zero when any check fails. Without DATABASE_URL it checks the
            private cluster of `mataresit dev` in --data-dir; without KAFKA_BROKERS the Kafka checks are skipped.
            """)

    @Option(help: "Data folder of `mataresit dev`, used when DATABASE_URL is unset.")
    var dataDir: String = ".mataresit-dev"

    func run() async throws {
        LoggingSystem.bootstrapJSON(level: .error)
        let dataDir = AbsolutePath.resolve(self.dataDir)
        let local = LocalPostgres(folder: dataDir + "/postgres")
        let doctor = Doctor(
            environment: ProcessInfo.processInfo.environment,
            fallbackDatabase: FileManager.default.fileExists(atPath: dataDir + "/postgres") ? local.configuration : nil,
            logger: Logger(label: "doctor"))
        let checks = await doctor.run()
        for line in DoctorCheck.table(checks) { emitLine(line) }
        if checks.contains(where: { $0.outcome == .fail }) { throw ExitCode.failure }
    }
}
