import Foundation
import Logging
import MataresitRuntime
import Testing

@Suite("mataresit doctor: the pre-deployment checks against a running system")
struct DoctorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func environment(brokers: String) -> [String: String] {
        [
            "KAFKA_BROKERS": brokers, "API_KEY_ENCRYPTION_KEY": RunningSystem.encryptionSecret,
            "MATARESIT_PIPELINE": root.appendingPathComponent("streams/pipeline.yaml").path
        ]
    }

    @Test("every check passes against a running system (promtool only when installed)")
    func passesAgainstRunningSystem() async throws {
        try await TestDatabase.with { database in
            let cluster = try TestCluster()
            try await RunningSystem.with(database: database, cluster: cluster) { _ in
                let checks = await Doctor(
                    environment: Self.environment(brokers: cluster.cluster.bootstrapServers),
                    fallbackDatabase: database.configuration,
                    alertRulesPath: Self.root.appendingPathComponent("ops/prometheus").path,
                    logger: Logger(label: "doctor")
                ).run()
                let failed = checks.filter { $0.outcome == .fail }
                #expect(failed.isEmpty, "\(DoctorCheck.table(failed).joined(separator: "\n"))")
                let passed = Set(checks.filter { $0.outcome == .pass }.map(\.name))
                for name in ["configuration", "pipeline", "postgres", "migrations", "kafka", "topic api.requests.v1"] {
                    #expect(passed.contains(name), "\(name) did not pass")
                }
            }
        }
    }

    @Test(
        "the archive check lists the bucket, and fails naming a bucket that is not there",
        .enabled(if: TestBucket.available, TestBucket.skipReason))
    func archiveBucketCheck() async throws {
        let bucket = try await TestBucket.make()
        for (url, expected) in [
            (bucket.location.description, DoctorCheck.Outcome.pass), ("s3://mataresit-no-such-bucket/x", .fail)
        ] {
            let environment = try TestBucket.environment().merging(["ARCHIVE_URL": url]) { $1 }
            let check = try #require(
                await Doctor(environment: environment, logger: Logger(label: "doctor")).run()
                    .first { $0.name == "archive" })
            #expect(check.outcome == expected, "\(check.detail)")
            if expected == .fail { #expect(check.detail.contains("NoSuchBucket"), "\(check.detail)") }
        }
    }

    @Test("a broker without the pipeline's topics fails the topic checks, naming each topic")
    func missingTopicsFail() async throws {
        try await TestDatabase.with { database in
            var noTopics = try TestPipeline.load()
            noTopics.topics = []
            let bare = try TestCluster(pipeline: noTopics)
            let checks = await Doctor(
                environment: Self.environment(brokers: bare.cluster.bootstrapServers),
                fallbackDatabase: database.configuration, alertRulesPath: "/nonexistent",
                logger: Logger(label: "doctor")
            ).run()
            let topicFailures = checks.filter { $0.name.hasPrefix("topic ") && $0.outcome == .fail }
            #expect(
                topicFailures.contains { $0.name == "topic api.requests.v1" },
                "\(DoctorCheck.table(checks).joined(separator: "\n"))")
            #expect(checks.contains { $0.name == "alert rules" && $0.outcome == .skip })
        }
    }

    @Test("a login the server refuses shows the server's own message, not a time-out")
    func refusedLoginShowsServerMessage() async throws {
        var wrongUser = try TestDatabase.serverConfiguration()
        wrongUser.username = "no_such_role_\(UInt32.random(in: 0...UInt32.max))"
        let checks = await Doctor(
            environment: [
                "API_KEY_ENCRYPTION_KEY": RunningSystem.encryptionSecret,
                "MATARESIT_PIPELINE": Self.root.appendingPathComponent("streams/pipeline.yaml").path
            ],
            fallbackDatabase: wrongUser, alertRulesPath: "/nonexistent", logger: Logger(label: "doctor")
        ).run()
        let postgres = try #require(checks.first { $0.name == "postgres" })
        #expect(postgres.outcome == .fail)
        #expect(postgres.detail.contains("role \"\(wrongUser.username)\" does not exist"), "\(postgres.detail)")
    }
}
