import Foundation
import MataresitCore
import Testing

@Suite("PipelineSpec")
struct PipelineSpecTests {
    /// `streams/pipeline.yaml` of this package: relative to the working directory (the package root under
    /// `swift test`), else found from this file's location.
    static var pipelineFilePath: String {
        let relative = "streams/pipeline.yaml"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }

    static func stage(
        name: String = "access-log", inputs: String = "[events.v1]", projection: String = "access_log",
        maxEvents: Int = 500, group: Bool = true
    ) -> String {
        """
          - name: \(name)
            inputs: \(inputs)
        \(group ? "    group: mataresit.\(name)\n" : "")\
            \(projection.hasPrefix("[") ? "projections" : "projection"): \(projection)
            batch:
              max_events: \(maxEvents)
              max_wait_ms: 100
            start: earliest

        """
    }

    static func document(_ stages: String...) -> String {
        """
        version: 1
        topics:
          - name: events.v1
            partitions: 3
            retention_hours: 24
        stages:

        """ + stages.joined()
    }

    /// The problems of a document that must be refused.
    static func problems(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let error = #expect(throws: CoreError.self, sourceLocation: sourceLocation) {
            try PipelineSpec.parse(yaml: yaml)
        }
        let problems = error?.pipelineProblems
        #expect(
            problems?.isEmpty == false, "expected invalidPipeline, got \(String(describing: error))",
            sourceLocation: sourceLocation)
        return problems ?? []
    }

    @Test("the shipped pipeline hosts the three request projections in one stage reading api.requests.v1")
    func shippedPipeline() throws {
        let spec = try PipelineSpec.load(path: Self.pipelineFilePath)
        let stage = try #require(spec.stage(hosting: .accessLog))
        #expect(stage.name == "requests")
        #expect(stage.inputs == [Topics.apiRequests])
        #expect(stage.projections == [.accessLog, .usageSummary, .rateLimitStats])
        #expect(!stage.tables.contains("stage_applied_events"), "the access log is the aggregates' duplicate filter")
        #expect(stage.batch.maxEvents >= 1)
        #expect(spec.topic(named: Topics.apiRequests) != nil)
        #expect(spec.validationProblems().isEmpty)
        #expect(spec.projectionStages == ProjectionKind.shippedStageNames)
    }

    @Test("fields the file may not have are named with their place, typos and fields nothing reads alike")
    func unknownFields() {
        let stage = Self.stage().replacingOccurrences(
            of: "max_wait_ms: 100", with: "max_wait_ms: 100\n      max_event: 9")
        let yaml =
            Self.document(stage + "    begin: latest\n")
            .replacingOccurrences(of: "retention_hours: 24", with: "retention_hours: 24\n    key: api_key_id")
            + "workers: 3\n"
        let problems = Self.problems(yaml)
        for place in ["stages[0].batch.max_event", "stages[0].begin", "topics[0].key", "workers"] {
            #expect(problems.contains { $0.hasPrefix("unknown field \(place) ") }, "\(problems)")
        }
        #expect(problems.count == 4, "\(problems)")
    }

    @Test("an aggregate hosted without the access log keeps its own event ledger")
    func ledgerWithoutAccessLog() throws {
        let spec = try PipelineSpec.parse(
            yaml: Self.document(Self.stage(name: "sums", projection: "[usage_summary, rate_limit_stats]")))
        let stage = try #require(spec.stage(named: "sums"))
        #expect(stage.tables.contains("stage_applied_events"))
        #expect(stage.hosts(.rateLimitStats) && !stage.hosts(.accessLog))
    }

    @Test("only request projections share a stage")
    func onlyRequestProjectionsShare() {
        let problems = Self.problems(Self.document(Self.stage(name: "mixed", projection: "[access_log, audit]")))
        #expect(problems.contains { $0.contains("mixed") && $0.contains("share a stage") })
    }

    @Test("a projection hosted by two stages is named")
    func hostedTwice() {
        let problems = Self.problems(
            Self.document(
                Self.stage(name: "one", projection: "[access_log, usage_summary]"),
                Self.stage(name: "two", projection: "usage_summary")))
        #expect(problems.contains { $0.contains("usage_summary") && $0.contains("one, two") })
    }

    @Test("a stage giving both projection and projections is refused")
    func bothProjectionKeys() {
        let stage = Self.stage(name: "both").replacingOccurrences(
            of: "    projection: access_log\n", with: "    projection: access_log\n    projections: [usage_summary]\n")
        #expect(Self.problems(Self.document(stage)).contains { $0.contains("not both") })
    }

    @Test("a projection listed twice in a stage, or none, is refused")
    func repeatedOrNoProjection() {
        #expect(
            Self.problems(Self.document(Self.stage(projection: "[access_log, access_log]"))).contains {
                $0.contains("access_log") && $0.contains("twice")
            })
        #expect(Self.problems(Self.document(Self.stage(projection: "[]"))).contains { $0.contains("no projections") })
    }

    @Test("the test template itself is valid")
    func templateValid() throws {
        let spec = try PipelineSpec.parse(yaml: Self.document(Self.stage()))
        #expect(spec.stages.map(\.name) == ["access-log"])
        #expect(spec.stages.first?.batch.maxEvents == 500)
        #expect(spec.stages.first?.batch.maxWaitMs == 100)
        #expect(spec.topics.first?.retentionHours == 24)
    }

    @Test("an undeclared input topic is named")
    func undeclaredInput() {
        let problems = Self.problems(Self.document(Self.stage(inputs: "[events.v1, ghost.topic.v1]")))
        #expect(problems.contains { $0.contains("ghost.topic.v1") })
    }

    @Test("a duplicate stage name is named")
    func duplicateStage() {
        let problems = Self.problems(Self.document(Self.stage(name: "twin"), Self.stage(name: "twin")))
        #expect(problems.contains { $0.contains("twin") && $0.contains("twice") })
    }

    @Test("an unknown projection is named")
    func unknownProjection() {
        let problems = Self.problems(Self.document(Self.stage(projection: "sales_report")))
        #expect(problems.contains { $0.contains("sales_report") })
    }

    @Test("batch.max_events out of range is named", arguments: [0, -1, 100_001])
    func maxEventsOutOfRange(maxEvents: Int) {
        let problems = Self.problems(Self.document(Self.stage(name: "busy", maxEvents: maxEvents)))
        #expect(problems.contains { $0.contains("max_events") && $0.contains("busy") })
    }

    @Test("a missing key is named")
    func missingKey() {
        let problems = Self.problems(Self.document(Self.stage(group: false)))
        #expect(problems.contains { $0.contains("group") })
    }

    @Test("every problem is reported at once")
    func allProblems() {
        let problems = Self.problems(Self.document(Self.stage(inputs: "[nowhere.v1]", projection: "mystery")))
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("nowhere.v1") })
        #expect(problems.contains { $0.contains("mystery") })
    }

    @Test("text that is not a pipeline is refused", arguments: ["", "[", "version: [1", "- just a list"])
    func notAPipeline(yaml: String) {
        _ = Self.problems(yaml)
    }

    @Test("a file that cannot be read is refused, naming the path")
    func unreadableFile() {
        let error = #expect(throws: CoreError.self) { try PipelineSpec.load(path: "/nonexistent/pipeline.yaml") }
        #expect(error?.pipelineProblems?.contains { $0.contains("/nonexistent/pipeline.yaml") } == true)
    }
}
