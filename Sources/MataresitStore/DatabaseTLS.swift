import Foundation
import NIOSSL

/// TLS to Postgres as libpq understands it: `sslmode`, `sslrootcert`, `sslcert` and `sslkey` from the URL, else
/// from `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY`, else libpq's defaults (`prefer`,
/// `~/.postgresql/root.crt`). Unix-socket connections never use TLS (as with libpq).
public struct DatabaseTLS: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS if the server insists (postgres-nio cannot try plaintext first: behaves as `prefer`).
        case allow
        /// TLS when the server offers it, without checking its certificate; plaintext otherwise. libpq's default.
        case prefer
        /// TLS or no connection; the certificate is not checked unless `sslrootcert` is given (then as verify-ca).
        case require
        /// TLS, and the server's certificate chain must lead to `sslrootcert`.
        case verifyCA = "verify-ca"
        /// verify-ca, and the certificate must name the host connected to.
        case verifyFull = "verify-full"

        /// Whether a connection without TLS is refused.
        public var requiresTLS: Bool { ![.disable, .allow, .prefer].contains(self) }
    }

    public var mode: Mode = .prefer
    /// CA file (PEM), or `system` for the system's trust store.
    public var rootCertificate: String?
    /// Client certificate (PEM) and its private key, for servers that authenticate clients by certificate.
    public var certificate: String?
    public var key: String?

    public init(mode: Mode = .prefer, rootCertificate: String? = nil, certificate: String? = nil, key: String? = nil) {
        self.mode = mode
        self.rootCertificate = rootCertificate
        self.certificate = certificate
        self.key = key
    }

    /// Reads the URL's parameters, falling back to the `PGSSL*` variables of `environment`.
    init(parameters: [String: String], environment: [String: String]) throws {
        func value(_ name: String, _ variable: String) -> String? {
            (parameters[name] ?? environment[variable]).flatMap { $0.isEmpty ? nil : $0 }
        }
        if let text = value("sslmode", "PGSSLMODE") {
            guard let mode = Mode(rawValue: text) else {
                let allowed = Mode.allCases.map(\.rawValue).joined(separator: ", ")
                throw StoreError.configuration("DATABASE_URL: sslmode '\(text)' is not one of \(allowed)")
            }
            self.mode = mode
        }
        rootCertificate = value("sslrootcert", "PGSSLROOTCERT")
        certificate = value("sslcert", "PGSSLCERT")
        key = value("sslkey", "PGSSLKEY")
        if (certificate == nil) != (key == nil) {
            throw StoreError.configuration(
                "DATABASE_URL: sslcert and sslkey go together (a client certificate and its key)")
        }
    }

    /// The URL parameters that say the same (for `psql` and `pg_dump`).
    var queryItems: [URLQueryItem] {
        [URLQueryItem(name: "sslmode", value: mode.rawValue)]
            + [("sslrootcert", rootCertificate), ("sslcert", certificate), ("sslkey", key)].compactMap { name, value in
                value.map { URLQueryItem(name: name, value: $0) }
            }
    }

    /// The NIOSSL client configuration, or nil for `disable`. Files are read here, so a missing or unreadable CA,
    /// certificate or key stops the program at start with an error that names it.
    func nioConfiguration() throws -> TLSConfiguration? {
        guard mode != .disable else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        let root = try trustRootsFile()
        switch mode {
        case .verifyFull: tls.certificateVerification = .fullVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .require where root != nil: tls.certificateVerification = .noHostnameVerification
        default: tls.certificateVerification = .none
        }
        if let root, root != "system" {
            tls.trustRoots = .certificates(try Self.load("sslrootcert", root) { try NIOSSLCertificate.fromPEMFile($0) })
        }
        if let certificate, let key {
            tls.certificateChain = try Self.load("sslcert", certificate) { try NIOSSLCertificate.fromPEMFile($0) }
                .map { .certificate($0) }
            tls.privateKey = .privateKey(try Self.load("sslkey", key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
        }
        _ = try NIOSSLContext(configuration: tls)
        return tls
    }

    /// The CA to verify against: `sslrootcert`, else `~/.postgresql/root.crt` when the mode verifies (as libpq).
    private func trustRootsFile() throws -> String? {
        if let rootCertificate { return rootCertificate }
        guard mode == .verifyCA || mode == .verifyFull else { return nil }
        let home = FileManager.default.homeDirectoryForCurrentUser.path + "/.postgresql/root.crt"
        guard FileManager.default.isReadableFile(atPath: home) else {
            throw StoreError.configuration(
                "DATABASE_URL: sslmode=\(mode.rawValue) needs sslrootcert (the server's CA file, or 'system' for the "
                    + "system's trust store); \(home) does not exist either")
        }
        return home
    }

    private static func load<T>(_ parameter: String, _ path: String, _ read: (String) throws -> T) throws -> T {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError.configuration("DATABASE_URL: \(parameter) file \(path) does not exist or is not readable")
        }
        do {
            return try read(path)
        } catch {
            throw StoreError.configuration(
                "DATABASE_URL: \(parameter) file \(path) is not a PEM \(parameter == "sslkey" ? "key" : "certificate") (\(error))"
            )
        }
    }
}
