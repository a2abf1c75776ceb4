import CRDKafka
import Logging

/// The C callbacks, as non-capturing closures that find their state through the opaque pointer.
enum RDKafkaCallbacks {
    static func install(on conf: OpaquePointer, for context: RDKafkaCallbackContext) {
        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        if context.delivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        if context.rebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
    }

    /// librdkafka's syslog levels, one step quieter: its notices are our debug lines.
    ///
    /// `AUTOCREATE` lines are debug lines whatever their level: librdkafka warns that a broker without Metadata v4
    /// ignores `allow.auto.create.topics=false`. The embedded broker (librdkafka 2.0.2's mock) is such a broker
    /// and warned on every command; brokers that old (before Kafka 0.11) are not supported.
    static func logLevel(syslog level: Int32, facility: String) -> Logger.Level {
        if facility == "AUTOCREATE" { return .debug }
        switch level {
        case ...2: return .critical
        case 3: return .error
        case 4: return .warning
        case 5, 6: return .debug
        default: return .trace
        }
    }

    private static let logCallback:
        @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
            rk, level, facility, line in
            guard let rk, let context = RDKafkaCallbackContext.from(rd_kafka_opaque(rk)) else { return }
            let facilityName = facility.map { String(cString: $0) } ?? ""
            let swiftLevel = logLevel(syslog: level, facility: facilityName)
            // Connection failures (refused, TLS handshake, SASL) arrive here from librdkafka's own threads; the error
            // callback only runs when the client is polled.
            if level <= 4 && facilityName != "AUTOCREATE" {
                context.lastError.withLock { $0 = line.map { String(cString: $0) } }
            }
            guard context.logger.logLevel <= swiftLevel else { return }
            context.logger.log(
                level: swiftLevel, "\(line.map { String(cString: $0) } ?? "")",
                metadata: ["rdkafka.facility": "\(facilityName)"])
        }

    private static let errorCallback:
        @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
            _, code, reason, opaque in
            guard let context = RDKafkaCallbackContext.from(opaque) else { return }
            let error = rd_kafka_resp_err_t(rawValue: code)
            let level: Logger.Level = error == RD_KAFKA_RESP_ERR__FATAL ? .error : .warning
            let reasonText = reason.map { String(cString: $0) } ?? ""
            context.lastError.withLock { $0 = reasonText }
            context.logger.log(
                level: level,
                "librdkafka error",
                metadata: [
                    "kafka.error": "\(KafkaError.Code(error))",
                    "kafka.reason": "\(reasonText)"
                ]
            )
        }

    private static let deliveryReportCallback:
        @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
            _, message, opaque in
            guard let message, let tracker = RDKafkaCallbackContext.from(opaque)?.delivery else { return }
            tracker.report(message.pointee)
        }

    private static let rebalanceCallback:
        @convention(c) (
            OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
            UnsafeMutableRawPointer?
        ) -> Void = {
            rk, event, partitions, opaque in
            guard let rk, let coordinator = RDKafkaCallbackContext.from(opaque)?.rebalance else { return }
            coordinator.rebalance(rk, event: event, partitions: partitions)
        }
}
