extension PipelineSpec {
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
            problems += projectionProblems(stage)
            if !(1...100_000).contains(stage.batch.maxEvents) {
                problems.append("stage \(stage.name): batch.max_events must be 1...100000")
            }
            if !(1...60_000).contains(stage.batch.maxWaitMs) {
                problems.append("stage \(stage.name): batch.max_wait_ms must be 1...60000")
            }
        }
        problems += hostedTwice()
        problems += redaction?.validationProblems() ?? []
        return problems
    }

    /// Unknown or repeated projections, and hosting that cannot share a batch: only the request projections
    /// (access log, usage summary, rate-limit statistics) share a stage.
    private func projectionProblems(_ stage: StageSpec) -> [String] {
        var problems: [String] = []
        if stage.projectionNames.isEmpty { problems.append("stage \(stage.name): no projections") }
        let known = ProjectionKind.allCases.map(\.rawValue).joined(separator: ", ")
        for name in stage.projectionNames where ProjectionKind(rawValue: name) == nil {
            problems.append("stage \(stage.name): unknown projection \(name) (known: \(known))")
        }
        problems += duplicates(stage.projectionNames, kind: "stage \(stage.name): projection")
        let kinds = stage.projections
        if kinds.count > 1, !kinds.allSatisfy(\.projectsRequests) {
            problems.append(
                "stage \(stage.name): only access_log, usage_summary and rate_limit_stats can share a stage "
                    + "(\(kinds.map(\.rawValue).joined(separator: ", ")) given)")
        }
        return problems
    }

    /// A projection in two stages would be written twice (aggregates counted twice).
    private func hostedTwice() -> [String] {
        var hosts: [ProjectionKind: [String]] = [:]
        for stage in stages { for kind in Set(stage.projections) { hosts[kind, default: []].append(stage.name) } }
        return hosts.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { kind, names in
            "projection \(kind.rawValue) is hosted by more than one stage (\(names.joined(separator: ", ")))"
        }
    }

    private func duplicates(_ names: [String], kind: String) -> [String] {
        var seen: Set<String> = []
        return names.compactMap { seen.insert($0).inserted ? nil : "\(kind) \($0) is declared twice" }
    }
}
