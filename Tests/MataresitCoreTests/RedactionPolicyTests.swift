import Foundation
import MataresitCore
import Testing

@Suite("RedactionPolicy")
struct RedactionPolicyTests {
    static func pipeline(redaction: String) -> String {
        """
        version: 1
        topics:
          - name: events.v1
            partitions: 1
            retention_hours: 1
        redaction:
        \(redaction)
        stages: []
        """
    }

    @Test func defaultsSealInEventsAndTruncateInTheAccessLog() {
        let policy = RedactionPolicy.default
        #expect(policy.action(for: .clientIP, in: .events) == .seal)
        #expect(policy.action(for: .userAgent, in: .events) == .seal)
        #expect(policy.action(for: .queryString, in: .events) == .drop)
        #expect(policy.action(for: .querySecrets, in: .events) == .drop)
        #expect(policy.action(for: .clientIP, in: .accessLog) == .truncate)
        #expect(policy.action(for: .userAgent, in: .accessLog) == .keep)
    }

    @Test func theRepositoryPipelineDeclaresTheDefaults() throws {
        let spec = try PipelineSpec.load(path: PipelineSpecTests.pipelineFilePath)
        #expect(spec.redaction != nil)
        for target in RedactionTarget.allCases {
            for field in RedactionField.allCases where !target.allowedActions(for: field).isEmpty {
                #expect(
                    spec.redactionPolicy.action(for: field, in: target)
                        == RedactionPolicy.default.action(for: field, in: target))
            }
        }
    }

    @Test func parsesADeclaredPolicy() throws {
        let spec = try PipelineSpec.parse(
            yaml: Self.pipeline(redaction: "  events:\n    query_string: keep\n  access_log:\n    user_agent: hash"))
        #expect(spec.redactionPolicy.action(for: .queryString, in: .events) == .keep)
        #expect(spec.redactionPolicy.action(for: .userAgent, in: .accessLog) == .hash)
        #expect(spec.redactionPolicy.action(for: .clientIP, in: .events) == .seal)
    }

    @Test(arguments: [
        ("  events:\n    client_ip: keep", "redaction.events.client_ip: keep is not allowed here"),
        ("  events:\n    client_ip: truncate", "redaction.events.client_ip: truncate is not allowed here"),
        ("  access_log:\n    client_ip: hash", "redaction.access_log.client_ip: hash is not allowed here"),
        ("  access_log:\n    user_agent: seal", "redaction.access_log.user_agent: seal is not allowed here"),
        ("  events:\n    password: drop", "redaction.events.password: unknown field"),
        ("  events:\n    user_agent: encrypt", "redaction.events.user_agent: unknown action encrypt"),
        ("  access_log:\n    query_string: keep", "redaction.access_log.query_string: the field does not apply")
    ])
    func refusesWhatWouldLeakOrCannotBeStored(declaration: String, expected: String) {
        do {
            _ = try PipelineSpec.parse(yaml: Self.pipeline(redaction: declaration))
            Issue.record("accepted \(declaration)")
        } catch let error as CoreError {
            let problems = error.pipelineProblems ?? []
            #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aPipelineWithoutRedactionUsesTheDefaults() throws {
        let yaml = Self.pipeline(redaction: "").replacingOccurrences(of: "redaction:\n\n", with: "")
        let spec = try PipelineSpec.parse(yaml: yaml)
        #expect(spec.redaction == nil)
        #expect(spec.redactionPolicy == .default)
    }
}

@Suite("RedactionSummary")
struct RedactionSummaryTests {
    @Test func sumsPerHourAndHandsOverTheFinishedHour() throws {
        var summary = RedactionSummary()
        let hour = Date(timeIntervalSince1970: 1_760_000_400)  // 09:00 UTC + 0 s
        #expect(summary.add(["client_ip": 1, "query_email": 2], at: hour) == nil)
        #expect(summary.add(["client_ip": 1], at: hour.addingTimeInterval(3599)) == nil)
        let handedOver = summary.add(["user_agent": 1], at: hour.addingTimeInterval(3600))
        let finished = try #require(handedOver)
        #expect(finished.requests == 2)
        #expect(finished.counts == ["client_ip": 2, "query_email": 2])
        #expect(summary.current?.counts == ["user_agent": 1])
        let action = RedactionSummary.auditAction(for: finished, instance: "api-1")
        #expect(action.action == "gdpr.redaction_summary")
        #expect(action.attributes["query_email"] == "2" && action.attributes["requests"] == "2")
    }
}
