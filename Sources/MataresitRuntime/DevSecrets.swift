import Crypto
import Foundation
import MataresitCore

/// What `mataresit dev` keeps between starts of one data folder (mode 0600): the demo keys, shown on every
/// start (the database holds only their hashes), and the encryption secret when none is configured.
public struct DevSecrets: Codable, Sendable {
    public var encryptionKey: String
    public var apiKey: String
    public var adminKey: String

    static let fileName = "dev-secrets.json"

    /// Reads the folder's secrets, creating them on first use.
    public static func loadOrCreate(in folder: String) throws -> DevSecrets {
        let path = folder + "/" + fileName
        if let data = FileManager.default.contents(atPath: path) {
            do {
                return try JSONDecoder().decode(DevSecrets.self, from: data)
            } catch {
                throw RuntimeError.invalidArgument("\(path) is corrupt; delete it to create new demo keys")
            }
        }
        let secrets = DevSecrets(
            encryptionKey: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() },
            apiKey: APIKeySecret.generate(mode: .test).value, adminKey: APIKeySecret.generate(mode: .test).value)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let created = FileManager.default.createFile(
            atPath: path, contents: try JSONEncoder().encode(secrets), attributes: [.posixPermissions: 0o600])
        guard created else { throw RuntimeError.invalidArgument("cannot write \(path)") }
        return secrets
    }
}
