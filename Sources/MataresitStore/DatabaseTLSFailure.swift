import NIOSSL
import PostgresNIO

/// Says in words why a TLS connection to Postgres failed, instead of a BoringSSL error code.
enum DatabaseTLSFailure {
    static func describe(_ error: PSQLError) -> String? {
        if error.code == .sslUnsupported {
            return "the database server does not offer TLS and sslmode requires it (sslmode=prefer or disable "
                + "connect without TLS)"
        }
        guard let underlying = error.underlying else { return nil }
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "TLS: the database server's certificate does not name the host connected to (sslmode=verify-full; "
                + "verify-ca checks the CA only): \(extra)"
        }
        let text = String(describing: underlying)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS: the database server's certificate is not signed by the CA in sslrootcert (certificate "
                + "verification failed)"
        }
        if underlying is NIOSSLError || underlying is BoringSSLError {
            return "TLS handshake with the database server failed: \(text)"
        }
        return nil
    }
}
