extension PipelineSpec {
    /// Projections this build knows how to run.
    public static let knownProjections: Set<String> = ["access_log", "usage_summary", "rate_limit_stats", "archive", "audit", "erasure"]

    /// Every reference that does not resolve, every value out of range. Empty when the pipeline is valid.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if version != 1 { problems.append("version must be 1 (found \(version))") }
        problems += duplicates(topics.map(\.name), kind: "topic")
        problems += duplicates(stages.map(\.name), kind: "stage")
        for topic in topics {
            if topic.partitions < 1 { problems.append("topic \(topic.name): partitions must be at least 1") }
            if topic.retentionHours < 1 { problems.append("topic \(topic.name): retention_hours must be at least 1") }
        }
        let topicNames = Set(topics.map(\.name))
        for stage in stages {
            if stage.inputs.isEmpty { problems.append("stage \(stage.name): no inputs") }
            for input in stage.inputs where !topicNames.contains(input) {
                problems.append("stage \(stage.name): input topic \(input) is not declared")
            }
            if !Self.knownProjections.contains(stage.projection) {
                problems.append("stage \(stage.name): unknown projection \(stage.projection)")
            }
            if !(1...100_000).contains(stage.batch.maxEvents) {
                problems.append("stage \(stage.name): batch.max_events must be 1...100000")
            }
            if !(1...60_000).contains(stage.batch.maxWaitMs) {
                problems.append("stage \(stage.name): batch.max_wait_ms must be 1...60000")
            }
        }
        problems += redaction?.validationProblems() ?? []
        return problems
    }

    private func duplicates(_ names: [String], kind: String) -> [String] {
        var seen: Set<String> = []
        return names.compactMap { seen.insert($0).inserted ? nil : "\(kind) \($0) is declared twice" }
    }
}
