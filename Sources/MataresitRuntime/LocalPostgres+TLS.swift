import Foundation

extension LocalPostgres {
    /// A TCP listener on `localhost` besides the socket, with or without TLS, so a private cluster can stand in for
    /// a managed database (the tests of `sslmode` use it). `hostBasedAccess` are the `pg_hba.conf` lines after the
    /// socket's `local all all trust`, for example `hostssl all all 127.0.0.1/32 trust` (TLS only).
    public struct TCPListener: Sendable {
        /// The server's certificate and key (PEM), and optionally a CA for client certificates (`clientcert=` in
        /// `hostBasedAccess`). Nil: no TLS (`ssl = off`).
        public struct ServerTLS: Sendable {
            public var certificatePEM: String
            public var keyPEM: String
            public var clientCertificateAuthorityPEM: String?

            public init(certificatePEM: String, keyPEM: String, clientCertificateAuthorityPEM: String? = nil) {
                self.certificatePEM = certificatePEM
                self.keyPEM = keyPEM
                self.clientCertificateAuthorityPEM = clientCertificateAuthorityPEM
            }
        }

        public var tls: ServerTLS?
        public var hostBasedAccess: [String]

        public init(tls: ServerTLS?, hostBasedAccess: [String]) {
            self.tls = tls
            self.hostBasedAccess = hostBasedAccess
        }
    }

    /// Writes the listener's `pg_hba.conf`, certificate, key and CA into the data folder (owned by the cluster's
    /// user, the key readable by it alone, as Postgres demands) and returns the server options that enable it.
    func install(_ listener: TCPListener) throws -> String {
        let access = (["local all all trust"] + listener.hostBasedAccess).joined(separator: "\n") + "\n"
        try installFile("pg_hba.conf", access, mode: 0o600)
        guard let tls = listener.tls else { return "-c listen_addresses=localhost -c ssl=off" }
        try installFile("server.crt", tls.certificatePEM, mode: 0o644)
        try installFile("server.key", tls.keyPEM, mode: 0o600)
        var options = "-c listen_addresses=localhost -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
        if let authority = tls.clientCertificateAuthorityPEM {
            try installFile("client-ca.crt", authority, mode: 0o644)
            options += " -c ssl_ca_file=client-ca.crt"
        }
        return options
    }

    private func installFile(_ name: String, _ contents: String, mode: Int) throws {
        let path = dataDirectory + "/" + name
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        if Self.isRoot { try ExternalTool.run("/bin/chown", ["postgres:postgres", path]) }
    }
}
