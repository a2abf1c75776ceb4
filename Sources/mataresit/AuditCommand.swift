import ArgumentParser
import MataresitCore
import MataresitStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk every hash chain of audit_logs; report the first broken link of each (exit 1 if any).")

        func run() async throws {
            let environment = try CommandEnvironment()
            let verification = try await environment.withDatabase(try environment.requiredDatabase()) { client in
                try await AuditChainVerifier(client: client, logger: environment.logger).verify()
            }
            for chain in verification.chains {
                if let broken = chain.broken {
                    emitLine("BROKEN \(broken)")
                } else {
                    emitLine(
                        "ok chain \(chain.chain): \(chain.rowsChecked) rows, head seq \(chain.lastSeq) hash \(chain.headHash)"
                    )
                }
            }
            if verification.chains.isEmpty { emitLine("ok: the audit log is empty") }
            guard verification.isIntact else { throw ExitCode(1) }
        }
    }
}
