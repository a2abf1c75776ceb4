import Foundation
import Synchronization

/// Random bytes from the kernel's generator for values that are public or only need to be unique (event ids,
/// request ids, AES-GCM nonces), read 4 KiB at a time and handed out once each.
///
/// `SystemRandomNumberGenerator` makes one system call per 8 bytes, and `UInt8.random(using:)` one per byte:
/// an API request needs about 50 random bytes, which cost it some fifteen `getrandom` calls. One read here
/// serves about 80 requests. Secrets (API keys, data keys) keep using `SystemRandomNumberGenerator` directly,
/// so they never sit in this buffer.
public enum RandomBytes {
    private static let pool = Mutex(Pool())

    /// Fills `target` with bytes no other caller receives.
    public static func fill(_ target: UnsafeMutableRawBufferPointer) {
        pool.withLock { $0.take(into: target) }
    }

    /// A random (version 4) UUID.
    public static func uuid() -> UUID {
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { bytes in
            fill(bytes)
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: value)
    }

    private struct Pool {
        private var buffer = [UInt8](repeating: 0, count: 4096)
        private var next = 4096
        private let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

        mutating func take(into target: UnsafeMutableRawBufferPointer) {
            var written = 0
            while written < target.count {
                if next == buffer.count { refill() }
                let count = min(target.count - written, buffer.count - next)
                buffer.withUnsafeMutableBytes { source in
                    let taken = UnsafeMutableRawBufferPointer(rebasing: source[next..<next + count])
                    UnsafeMutableRawBufferPointer(rebasing: target[written..<written + count]).copyMemory(
                        from: UnsafeRawBufferPointer(taken))
                    taken.initializeMemory(as: UInt8.self, repeating: 0)  // handed out once, then forgotten
                }
                next += count
                written += count
            }
        }

        /// Reads a whole buffer from the kernel; without `/dev/urandom` (or on a short read) the system
        /// generator fills it instead.
        private mutating func refill() {
            let device = device
            let complete = buffer.withUnsafeMutableBytes { bytes in
                device >= 0 && read(device, bytes.baseAddress, bytes.count) == bytes.count
            }
            if !complete {
                var generator = SystemRandomNumberGenerator()
                buffer.withUnsafeMutableBytes { bytes in
                    for offset in stride(from: 0, to: bytes.count, by: 8) {
                        bytes.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self)
                    }
                }
            }
            next = 0
        }
    }
}
