import CRDKafka

/// librdkafka's producer calls.
enum RDKafkaProducerCalls {
    /// Default properties of the idempotent producer, before the user's. `linger.ms=50`: at the API's rates 5 ms
    /// made batches of a few messages per partition, each compressed and sent on its own (`bench api`: 44 us of
    /// server CPU per request for emission at 5 ms, 9 us at 50 ms); an event waits at most 50 ms more.
    static let defaults: [(String, String)] = [
        ("enable.idempotence", "true"),
        ("acks", "all"),
        ("compression.type", "zstd"),
        ("linger.ms", "50")
    ]

    /// `rd_kafka_produceva` with `RD_KAFKA_MSG_F_COPY`: never blocks; `nil` when enqueued.
    static func produce(_ rk: OpaquePointer, topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8])
        -> KafkaError?
    {
        topic.withCString { topicName in
            value.withUnsafeBytes { valueBytes in
                withOptionalBytes(key) { keyBytes in
                    var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 5)
                    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    fields[0].u.cstr = topicName
                    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION
                    fields[1].u.i32 = partition ?? RD_KAFKA_PARTITION_UA
                    fields[2].vtype = RD_KAFKA_VTYPE_VALUE
                    fields[2].u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                    fields[2].u.mem.size = valueBytes.count
                    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    fields[3].u.i = RD_KAFKA_MSG_F_COPY
                    var count = 4
                    if let keyBytes {
                        fields[4].vtype = RD_KAFKA_VTYPE_KEY
                        fields[4].u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                        fields[4].u.mem.size = keyBytes.count
                        count = 5
                    }
                    return rd_kafka_produceva(rk, fields, count).map { KafkaError(consuming: $0, operation: "produce") }
                }
            }
        }
    }

    /// `rd_kafka_flush` (serves delivery reports on the calling thread); returns `rd_kafka_outq_len`.
    static func flush(_ rk: OpaquePointer, timeout: Duration) -> Int {
        _ = rd_kafka_flush(rk, Int32(timeout.milliseconds))
        return Int(rd_kafka_outq_len(rk))
    }

    /// Drops what is still queued or in flight; their failures are reported by the next poll or flush.
    static func purge(_ rk: OpaquePointer) {
        _ = rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
    }

    static func outQueueLength(_ rk: OpaquePointer) -> Int {
        Int(rd_kafka_outq_len(rk))
    }

    /// One round of the poll thread: serves delivery reports for up to 100 ms.
    static func poll(_ client: RDKafkaClient) {
        _ = rd_kafka_poll(client.raw, 100)
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }
}
