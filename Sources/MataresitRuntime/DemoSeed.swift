import Logging
import MataresitCore
import MataresitStore
import PostgresNIO

/// The demo tenant of `mataresit dev`: a pro user owning a team, one key with every scope but
/// `admin:all` and one `admin:all` key. Idempotent: every start of the same data folder ends the same.
public enum DemoSeed {
    public static let email = "demo@mataresit.local"

    public static func apply(_ secrets: DevSecrets, client: PostgresClient, logger: Logger) async throws {
        let user = try await UserStore(client: client, logger: logger)
            .createOrFind(email: email, firstName: "Demo", lastName: "User", tier: .pro)
        let teamID = try await TeamStore(client: client, logger: logger)
            .createOrFind(name: "Demo Team", slug: "demo", ownerID: user.id)
        let keys = APIKeyStore(client: client, logger: logger)
        guard let apiKey = APIKeySecret(secrets.apiKey), let adminKey = APIKeySecret(secrets.adminKey) else {
            throw RuntimeError.invalidArgument("dev secrets hold a malformed key; delete the file to renew them")
        }
        try await keys.create(
            secret: apiKey, userID: user.id, teamID: teamID, name: "Demo key", scopes: Scope.allButAdmin)
        try await keys.create(
            secret: adminKey, userID: user.id, teamID: teamID, name: "Demo admin key", scopes: [.adminAll])
    }
}
