import Foundation

/// A throw-away certificate chain made with Debian's openssl: a CA, a server certificate for `localhost` signed by
/// it, a client certificate for the user `mataresit`, and an unrelated CA (the wrong one).
struct TestCertificates {
    let folder: String

    var authority: String { folder + "/ca.crt" }
    var otherAuthority: String { folder + "/other-ca.crt" }
    var serverCertificate: String { folder + "/server.crt" }
    var serverKey: String { folder + "/server.key" }
    var clientCertificate: String { folder + "/client.crt" }
    var clientKey: String { folder + "/client.key" }

    init() throws {
        folder = NSTemporaryDirectory() + "mataresit-tls-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        let script = """
            set -e
            cd '\(folder)'
            openssl req -x509 \(key) -keyout ca.key -out ca.crt -days 2 -subj '/CN=Mataresit test CA'
            openssl req -x509 \(key) -keyout other-ca.key -out other-ca.crt -days 2 -subj '/CN=Another CA'
            openssl req \(key) -keyout server.key -out server.csr -subj '/CN=localhost'
            printf 'subjectAltName=DNS:localhost\\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext
            openssl req \(key) -keyout client.key -out client.csr -subj '/CN=mataresit'
            openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2
            chmod 600 client.key
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
