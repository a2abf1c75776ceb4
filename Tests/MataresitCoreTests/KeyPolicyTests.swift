import Foundation
import MataresitCore
import Testing

@Suite("KeyPolicy: who may do what to which key")
struct KeyPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func key(_ scopes: [Scope], expiresIn hours: Double? = nil, ips: [String] = []) -> KeyState {
        KeyState(
            id: UUID(), scopes: scopes, expiresAt: hours.map { now.addingTimeInterval($0 * 3600) }, allowedIPs: ips)
    }

    func actor(_ key: KeyState) -> KeyActor {
        KeyActor(keyID: key.id, scopes: key.scopes, expiresAt: key.expiresAt, allowedIPs: key.allowedIPs)
    }

    func refusal(_ action: KeyPolicy.Action, by actor: KeyActor, on target: KeyState) -> KeyRefusal? {
        KeyPolicy.refusal(of: action, by: actor, on: target, at: now)
    }

    @Test("a key acts only on keys whose scopes it holds; admin:all holds every scope")
    func scopeSubset() {
        let reader = key([.receiptsRead]), admin = key([.adminAll]), writer = key(Scope.writePreset)
        for action in [KeyPolicy.Action.rotate, .revoke, .update(KeyChanges(name: "renamed"))] {
            #expect(refusal(action, by: actor(reader), on: admin) == .targetScopesNotHeld)
            #expect(refusal(action, by: actor(reader), on: writer) == .targetScopesNotHeld)
            #expect(refusal(action, by: actor(admin), on: writer) == nil)
            #expect(refusal(action, by: actor(writer), on: reader) == nil)
            #expect(refusal(action, by: .operator, on: admin) == nil)
        }
    }

    @Test("a key may always revoke itself, by DELETE or isActive:false")
    func revokeItself() {
        let reader = key([.receiptsRead])
        var narrowed = actor(reader)
        narrowed.scopes = []  // even with a stale view of its own scopes
        #expect(refusal(.revoke, by: narrowed, on: reader) == nil)
        #expect(refusal(.update(KeyChanges(isActive: false)), by: narrowed, on: reader) == nil)
        #expect(refusal(.rotate, by: narrowed, on: reader) == .targetScopesNotHeld)
    }

    @Test("revoked is terminal: no reactivation, no change, no rotation, no second revocation")
    func revokedIsTerminal() {
        var revoked = key([.receiptsRead])
        revoked.isActive = false
        revoked.revokedAt = now.addingTimeInterval(-60)
        for action in [
            KeyPolicy.Action.rotate, .revoke, .update(KeyChanges(isActive: true)),
            .update(KeyChanges(name: "again")), .update(KeyChanges(isActive: false))
        ] {
            #expect(refusal(action, by: .operator, on: revoked) == .revokedIsTerminal)
        }
    }

    @Test("expired, rotated-out and deactivated keys are immutable but can be revoked")
    func immutable() {
        var expired = key([.receiptsRead], expiresIn: -1)
        var rotated = key([.receiptsRead], expiresIn: 2)
        rotated.rotatedTo = UUID()
        var deactivated = key([.receiptsRead])
        deactivated.isActive = false
        let revive = KeyChanges(expiresAt: now.addingTimeInterval(86_400))
        #expect(refusal(.update(revive), by: .operator, on: expired) == .immutable(.expired))
        #expect(refusal(.rotate, by: .operator, on: expired) == .immutable(.expired))
        #expect(refusal(.update(revive), by: .operator, on: rotated) == .immutable(.rotatedOut))
        #expect(refusal(.rotate, by: .operator, on: rotated) == .immutable(.rotatedOut))
        #expect(refusal(.update(KeyChanges(isActive: true)), by: .operator, on: deactivated) == .reactivation)
        #expect(refusal(.update(KeyChanges(isActive: true)), by: .operator, on: expired) == .reactivation)
        for target in [expired, rotated, deactivated] {
            #expect(refusal(.revoke, by: .operator, on: target) == nil)
        }
        expired.isActive = false
        #expect(refusal(.update(KeyChanges(name: "x", isActive: false)), by: .operator, on: expired) != nil)
    }

    @Test("scopes can only be narrowed")
    func scopes() {
        let writer = key(Scope.writePreset), admin = key([.adminAll])
        #expect(refusal(.update(KeyChanges(scopes: [.receiptsRead])), by: .operator, on: writer) == nil)
        #expect(refusal(.update(KeyChanges(scopes: [.receiptsRead])), by: .operator, on: admin) == nil)
        #expect(refusal(.update(KeyChanges(scopes: [.receiptsDelete])), by: .operator, on: writer) == .wideningScopes)
        #expect(refusal(.update(KeyChanges(scopes: [.adminAll])), by: .operator, on: writer) == .wideningScopes)
    }

    @Test("an expiry can only be brought forward; a key without one may get one")
    func expiry() {
        let expiring = key([.receiptsRead], expiresIn: 2), forever = key([.receiptsRead])
        let sooner = KeyChanges(expiresAt: now.addingTimeInterval(3600))
        let later = KeyChanges(expiresAt: now.addingTimeInterval(3 * 3600))
        #expect(refusal(.update(sooner), by: .operator, on: expiring) == nil)
        #expect(refusal(.update(later), by: .operator, on: expiring) == .extendingExpiry)
        #expect(refusal(.update(later), by: .operator, on: forever) == nil)
    }

    @Test("an allow-list can only be narrowed to some of its entries; emptying it lifts the limit")
    func allowList() {
        let listed = key([.receiptsRead], ips: ["203.0.113.0/24", "198.51.100.7/32"]), open = key([.receiptsRead])
        let change = { (ips: [String]) in KeyPolicy.Action.update(KeyChanges(allowedIPs: ips)) }
        #expect(refusal(change([]), by: .operator, on: listed) == .wideningAllowList)
        #expect(refusal(change(["192.0.2.1/32"]), by: .operator, on: listed) == .wideningAllowList)
        #expect(refusal(change(["203.0.113.0/24", "192.0.2.1/32"]), by: .operator, on: listed) == .wideningAllowList)
        #expect(refusal(change(["203.0.113.0/24"]), by: .operator, on: listed) == nil)
        #expect(refusal(change(["192.0.2.1/32"]), by: .operator, on: open) == nil)
        #expect(refusal(change([]), by: .operator, on: open) == nil)
    }

    @Test("names, descriptions and isActive:true on an active key are always allowed")
    func freeEdits() {
        let writer = key(Scope.writePreset, expiresIn: 1, ips: ["203.0.113.0/24"])
        let edit = KeyChanges(name: "new name", description: "new description", isActive: true)
        #expect(refusal(.update(edit), by: actor(writer), on: writer) == nil)
    }

    @Test("a new key stays within its creator's scopes, expiry and addresses")
    func creation() {
        let creator = actor(key([.receiptsRead, .receiptsWrite], expiresIn: 2, ips: ["203.0.113.0/24"]))
        let inside = now.addingTimeInterval(3600), outside = now.addingTimeInterval(3 * 3600)
        let ok = KeyTerms(scopes: [.receiptsRead], expiresAt: inside, allowedIPs: ["203.0.113.0/24"])
        #expect(KeyPolicy.refusal(creating: ok, by: creator) == nil)
        var terms = ok
        terms.scopes = [.receiptsRead, .adminAll]
        #expect(KeyPolicy.refusal(creating: terms, by: creator) == .grantNotHeld(.adminAll))
        terms = ok
        terms.expiresAt = outside
        #expect(KeyPolicy.refusal(creating: terms, by: creator) == .outlivesCreator)
        terms.expiresAt = nil
        #expect(KeyPolicy.refusal(creating: terms, by: creator) == .outlivesCreator)
        terms = ok
        terms.allowedIPs = []
        #expect(KeyPolicy.refusal(creating: terms, by: creator) == .widerAllowListThanCreator)
        #expect(KeyPolicy.refusal(creating: KeyTerms(scopes: Scope.allCases), by: .operator) == nil)
    }

    @Test("a rotation hands the actor a key it could have created: no later expiry, no wider allow-list")
    func rotationIsACreation() {
        let shortLived = key(Scope.writePreset, expiresIn: 2), office = key(Scope.writePreset, ips: ["203.0.113.0/24"])
        let forever = key([.receiptsRead]), everywhere = key([.receiptsRead], expiresIn: 1)
        #expect(refusal(.rotate, by: actor(shortLived), on: forever) == .outlivesCreator)
        #expect(refusal(.rotate, by: actor(office), on: everywhere) == .widerAllowListThanCreator)
        #expect(refusal(.rotate, by: actor(shortLived), on: everywhere) == nil)
        #expect(refusal(.rotate, by: actor(shortLived), on: shortLived) == nil)
        #expect(refusal(.revoke, by: actor(shortLived), on: forever) == nil)
    }

    @Test("a successor has its predecessor's scopes, allow-list and expiry")
    func successor() {
        let predecessor = key([.claimsRead], expiresIn: 2, ips: ["203.0.113.0/24"])
        let terms = KeyPolicy.successor(of: predecessor)
        let expected = KeyTerms(
            scopes: [.claimsRead], expiresAt: predecessor.expiresAt, allowedIPs: ["203.0.113.0/24"])
        #expect(terms == expected)
    }

    @Test("every refusal names its rule and explains it")
    func refusalTexts() {
        let all: [KeyRefusal] = [
            .targetScopesNotHeld, .grantNotHeld(.adminAll), .outlivesCreator, .widerAllowListThanCreator,
            .revokedIsTerminal, .immutable(.expired), .immutable(.rotatedOut), .reactivation, .wideningScopes,
            .extendingExpiry, .wideningAllowList
        ]
        #expect(Set(all.map(\.rule)).count == all.count)
        #expect(all.allSatisfy { !$0.message.isEmpty && !$0.rule.contains(" ") })
    }
}
