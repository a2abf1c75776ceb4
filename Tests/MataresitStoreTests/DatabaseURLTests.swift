import Foundation
import MataresitStore
import Testing

/// `DATABASE_URL` checks that need no server (PostgresTLSTests in the integration tests connect to real ones).
@Suite("DATABASE_URL refusals at start")
struct DatabaseURLTests {
    @Test("transaction poolers are refused at start with the reason; session poolers are not")
    func transactionPoolers() throws {
        let supavisor = "postgres://app.ref:secret@aws-0-eu-west-1.pooler.supabase.com:6543/postgres"
        #expect(throws: StoreError.self) { try DatabaseConfiguration(url: supavisor) }
        #expect(throws: StoreError.self) { try DatabaseConfiguration(url: "postgres://u@db:5432/app?pgbouncer=true") }
        let session = "postgres://app.ref:secret@aws-0-eu-west-1.pooler.supabase.com:5432/postgres"
        #expect(try DatabaseConfiguration(url: session).port == 5432)
        do {
            _ = try DatabaseConfiguration(url: supavisor)
        } catch {
            #expect("\(error)".contains("session pooler") && !"\(error)".contains("secret"))
        }
    }

    @Test("a CA, certificate or key file that is not PEM is refused at start, naming the parameter and the file")
    func notPEM() throws {
        let notPEM = NSTemporaryDirectory() + "not-a-certificate-\(UUID().uuidString).txt"
        try "hello".write(toFile: notPEM, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notPEM) }
        for query in ["sslmode=verify-ca&sslrootcert=\(notPEM)", "sslmode=require&sslcert=\(notPEM)&sslkey=\(notPEM)"] {
            let configuration = try DatabaseConfiguration(url: "postgres://u@db.example.com:5432/app?\(query)")
            do {
                _ = try configuration.clientConfiguration()
                Issue.record("\(query) was accepted")
            } catch {
                #expect("\(error)".contains("\(notPEM) is not a PEM"), "\(error)")
            }
        }
    }
}
