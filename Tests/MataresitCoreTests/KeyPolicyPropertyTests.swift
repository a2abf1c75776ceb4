import Foundation
import MataresitCore
import Testing

/// Random sequences of key operations by random keys held by one party (the first key, the keys it created, the
/// successors it received) on any key of the user (siblings included): whatever the policy allows never gives
/// that party more than the first key had.
/// `MATARESIT_PROPERTY_SEED=<n>` replays a run; every run prints its seed.
@Suite("KeyPolicy property: no sequence of allowed operations escalates")
struct KeyPolicyPropertyTests {
    static let steps = 3_000
    /// Steps of one run before the next starts from a new first key.
    static let runLength = 250
    static let addresses = ["203.0.113.0/24", "198.51.100.7/32", "192.0.2.0/28", "2001:db8:0:0:0:0:0:0/32"]

    @Test("held keys stay within the first key's powers; revoked stays revoked; successors never outlive")
    func randomSequences() {
        let seed =
            ProcessInfo.processInfo.environment["MATARESIT_PROPERTY_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("KeyPolicyPropertyTests seed: \(seed) (MATARESIT_PROPERTY_SEED=\(seed) replays it)")
        var seeds = SplitMix64(seed: seed), allowed: [String: Int] = [:], refused: [String: Int] = [:]
        var steps = 0
        while steps < Self.steps {  // a run ends after runLength steps, or when no held key can act any more
            var run = KeyPolicyRun(seed: seeds.next())
            for _ in 0..<Self.runLength where steps < Self.steps {
                guard run.step() else { break }
                steps += 1
                guard let broken = run.brokenInvariant() else { continue }
                Issue.record("seed \(seed), step \(steps): \(broken)")
                return
            }
            allowed.merge(run.allowed, uniquingKeysWith: +)
            refused.merge(run.refused, uniquingKeysWith: +)
        }
        #expect(allowed.count == 4, "seed \(seed): every kind of operation was allowed sometimes: \(allowed)")
        #expect(refused.count >= 8, "seed \(seed): many rules refused something: \(refused)")
    }
}

/// One random run over a `KeyLedger`.
struct KeyPolicyRun {
    var random: SplitMix64
    var ledger: KeyLedger
    let start: KeyState
    /// Operations allowed, by kind; refusals, by rule.
    var allowed: [String: Int] = [:]
    var refused: [String: Int] = [:]

    init(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var scopes = Scope.allCases.filter { _ in Int.random(in: 0..<4, using: &generator) == 0 }
        if scopes.isEmpty { scopes = [.receiptsRead] }
        let expiry = Bool.random(using: &generator) ? now.addingTimeInterval(200 * 3600) : nil
        let ips = Bool.random(using: &generator) ? Array(KeyPolicyPropertyTests.addresses.prefix(3)) : []
        start = KeyState(id: KeyLedger.id(0), scopes: scopes, expiresAt: expiry, allowedIPs: ips)
        let siblings = [  // the user's other keys: an admin key, and one within the first key's scopes, unlimited
            KeyState(id: KeyLedger.id(1), scopes: [.adminAll]),
            KeyState(id: KeyLedger.id(2), scopes: [scopes.randomElement(using: &generator)!])
        ]
        ledger = KeyLedger(start: start, siblings: siblings, now: now)
        random = generator
    }

    /// One random operation by a random usable key on a random key; false when no key can act any more.
    mutating func step() -> Bool {
        ledger.now.addTimeInterval(Double(Int.random(in: 0...600, using: &random)))
        guard let actorKey = ledger.usable.randomElement(using: &random) else { return false }
        let actor = KeyActor(
            keyID: actorKey.id, scopes: actorKey.scopes, expiresAt: actorKey.expiresAt, allowedIPs: actorKey.allowedIPs)
        guard let target = ledger.all.randomElement(using: &random) else { return false }
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<7: create(by: actor)
        case 7..<14: act(.update(randomChanges()), by: actor, on: target)
        case 14..<18: act(.rotate, by: actor, on: target)
        default: act(.revoke, by: actor, on: target)
        }
        return true
    }

    mutating func create(by actor: KeyActor) {
        let terms = KeyTerms(scopes: randomScopes(), expiresAt: randomDate(), allowedIPs: randomAddresses())
        if let refusal = KeyPolicy.refusal(creating: terms, by: actor) { return refuse(refusal) }
        allowed["create", default: 0] += 1
        ledger.create(terms)
    }

    mutating func act(_ action: KeyPolicy.Action, by actor: KeyActor, on target: KeyState) {
        if let refusal = KeyPolicy.refusal(of: action, by: actor, on: target, at: ledger.now) { return refuse(refusal) }
        switch action {
        case .update(let changes): ledger.update(target.id, changes)
        case .rotate: ledger.rotate(target.id, grace: Double(Int.random(in: 0...7200, using: &random)))
        case .revoke: ledger.revoke(target.id)
        }
        allowed["\(action)".prefix { $0 != "(" }.description, default: 0] += 1
    }

    mutating func refuse(_ refusal: KeyRefusal) { refused[refusal.rule, default: 0] += 1 }
}
