import MataresitCore
import Testing

@Suite("Scope")
struct ScopeTests {
    @Test("there are 13 scopes")
    func count() {
        #expect(Scope.allCases.count == 13)
    }

    @Test("the read preset is the 8 read scopes")
    func readPreset() {
        #expect(Scope.readPreset.count == 8)
        #expect(Scope.readPreset.allSatisfy { $0.rawValue.hasSuffix(":read") })
        #expect(
            Set(Scope.readPreset) == [
                .receiptsRead, .claimsRead, .profileRead, .categoriesRead, .gamificationRead, .searchRead,
                .analyticsRead, .teamsRead
            ])
    }

    @Test("the write preset is read plus receipts:write and claims:write")
    func writePreset() {
        #expect(Scope.writePreset == Scope.readPreset + [.receiptsWrite, .claimsWrite])
        #expect(Scope.writePreset.count == 10)
    }

    @Test("allButAdmin is the 12 scopes other than admin:all")
    func allButAdmin() {
        #expect(Scope.allButAdmin.count == 12)
        #expect(!Scope.allButAdmin.contains(.adminAll))
        #expect(Set(Scope.allButAdmin + [.adminAll]) == Set(Scope.allCases))
    }

    @Test("admin:all satisfies every scope", arguments: Scope.allCases)
    func adminSatisfiesAll(required: Scope) {
        #expect(required.isSatisfied(by: [.adminAll]))
    }

    @Test("any other scope satisfies only itself", arguments: Scope.allButAdmin)
    func othersOnlyThemselves(granted: Scope) {
        for required in Scope.allCases {
            #expect(required.isSatisfied(by: [granted]) == (required == granted), "\(granted) → \(required)")
        }
    }

    @Test("no grant satisfies nothing", arguments: Scope.allCases)
    func emptyGrant(required: Scope) {
        #expect(!required.isSatisfied(by: [Scope]()))
    }

    @Test("raw values are the wire names")
    func rawValues() {
        #expect(Scope(rawValue: "receipts:read") == .receiptsRead)
        #expect(Scope(rawValue: "admin:all") == .adminAll)
        #expect(Scope(rawValue: "receipts:READ") == nil)
    }
}
