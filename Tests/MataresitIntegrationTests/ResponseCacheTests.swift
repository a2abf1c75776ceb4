import Foundation
import MataresitCore
import MataresitStore
import Testing

/// The response cache across two API instances over one database and one broker: a read cached on B is
/// refreshed shortly after a write answered by A (the invalidation travels as an event), the writer's
/// own instance is fresh at once, and cached reads never cross tenants.
@Suite("Response cache")
struct ResponseCacheTests {
    @Test("B caches /me and team stats, A writes, B answers fresh data; tenants never share entries")
    func invalidationReachesTheOtherInstance() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .pro)
            let carol = try await TestTenant.create(in: database, tier: .pro)
            try await carol.join(alice.teamID, as: .member, in: database)
            let cluster = try TestCluster()
            try await RunningSystem.with(database: database, cluster: cluster, stages: []) { a in
                try await RunningSystem.with(database: database, cluster: cluster, stages: []) { b in
                    try await exercise(a: a, b: b, alice: alice, carol: carol)
                }
            }
        }
    }

    func exercise(a: RunningSystem, b: RunningSystem, alice: TestTenant, carol: TestTenant) async throws {
        let stats = "/api/v1/teams/\(alice.teamID.lowercased)/stats"
        let first = try await b.send("GET", "/api/v1/me", key: alice.key)
        #expect(first.status == 200 && first.header("X-Cache") == "MISS")
        #expect(used(first) == 0)
        let second = try await b.send("GET", "/api/v1/me", key: alice.key)
        #expect(second.header("X-Cache") == "HIT")
        #expect(second.raw == first.raw, "a hit returns the stored body")
        let carolStats = try await b.send("GET", stats, key: carol.key)
        #expect(carolStats.data?["totalReceipts"] as? Int == 0)
        #expect(try await b.send("GET", stats, key: carol.key).header("X-Cache") == "HIT")

        // Tenants: carol's /me on the same instance is hers, not alice's cached one.
        let carolMe = try await b.send("GET", "/api/v1/me", key: carol.key)
        #expect(carolMe.header("X-Cache") == "MISS")
        #expect((carolMe.data?["user"] as? [String: Any])?["id"] as? String == carol.user.id.lowercased)

        // A caches too, then A writes a team receipt: A is fresh at once, B shortly after.
        _ = try await a.send("GET", "/api/v1/me", key: alice.key)
        let created = try await a.send(
            "POST", "/api/v1/receipts", key: alice.key,
            json: ["merchant": "Kedai Kopi", "date": "2026-02-01", "total": 12.5, "teamId": alice.teamID.lowercased])
        #expect(created.status == 201)
        let own = try await a.send("GET", "/api/v1/me", key: alice.key)
        #expect(own.header("X-Cache") == "MISS" && used(own) == 1, "the writer's instance invalidated before answering")

        let meFresh = try await eventually(timeout: .seconds(10)) {
            used(try await b.send("GET", "/api/v1/me", key: alice.key)) == 1
        }
        #expect(meFresh, "B's cached /me was invalidated by A's event")
        let statsFresh = try await eventually(timeout: .seconds(10)) {
            try await b.send("GET", stats, key: carol.key).data?["totalReceipts"] as? Int == 1
        }
        #expect(statsFresh, "a teammate's cached team stats were invalidated by the team tag")
        #expect(try await b.send("GET", "/api/v1/me", key: alice.key).header("X-Cache") == "HIT", "cached again")

        let metrics = String(decoding: try await b.request("GET", "/metrics").raw, as: UTF8.self)
        for family in [
            "mataresit_cache_hits_total", "mataresit_cache_misses_total", "mataresit_cache_evictions_total",
            "mataresit_cache_entries"
        ] {
            #expect(metrics.contains(family), "\(family) is exported")
        }
    }

    @Test("the LRU bound holds: CACHE_MAX_SIZE entries at most, least recently used evicted")
    func boundedByMaxSize() async throws {
        try await TestDatabase.with { database in
            let alice = try await TestTenant.create(in: database, tier: .pro)
            try await RunningSystem.with(
                database: database, cluster: try TestCluster(), stages: [],
                configure: { $0.api?.cache = .init(maxEntries: 2) }
            ) { system in
                var states: [String?] = []
                for path in ["/api/v1/me", "/api/v1/teams", "/api/v1/categories", "/api/v1/categories", "/api/v1/me"] {
                    states.append(try await system.send("GET", path, key: alice.key).header("X-Cache"))
                }
                // /me was the least recently used of three entries in a cache of two: evicted.
                #expect(states == ["MISS", "MISS", "MISS", "HIT", "MISS"])
            }
        }
    }

    func used(_ result: HTTPResult) -> Int? {
        (result.data?["subscription"] as? [String: Any])?["receiptsUsedThisMonth"] as? Int
    }
}
