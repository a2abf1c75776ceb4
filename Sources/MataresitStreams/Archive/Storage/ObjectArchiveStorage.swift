import Foundation
import Logging
import MataresitKafka
import MataresitObjectStore

/// The archive in an S3-compatible bucket (`ARCHIVE_URL=s3://bucket/prefix`), shared by every host. Objects are
/// immutable: each archived batch of a partition becomes one sealed segment and its index, both created only if
/// absent, so a previous owner's late upload can neither replace nor overlap what the new owner stored
/// (``ObjectArchivePartitionWriter``).
public struct ObjectArchiveStorage: ArchiveStorage {
    public let client: S3Client
    public let location: S3Location

    public init(client: S3Client, location: S3Location) {
        self.client = client
        self.location = location
    }

    public var description: String { location.description }

    public func partitions() async throws -> [TopicPartition] {
        var found: [TopicPartition] = []
        for topicPrefix in try await childPrefixes(of: location.prefix) {
            let topic = String(topicPrefix.dropFirst(location.prefix.count).dropLast())
            for partitionPrefix in try await childPrefixes(of: topicPrefix) {
                let name = partitionPrefix.dropFirst(topicPrefix.count).dropLast()
                if let number = Int32(name) { found.append(TopicPartition(topic: topic, partition: number)) }
            }
        }
        return found.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    public func listing(of partition: TopicPartition) async throws -> ArchiveListing {
        let prefix = key(partition, "")
        var names: [String] = []
        for try await object in client.listObjects(bucket: location.bucket, prefix: prefix) {
            names.append(String(object.key.dropFirst(prefix.count)))
        }
        return ArchiveListing(names: names)
    }

    public func read(_ name: String, of partition: TopicPartition) async throws -> [UInt8]? {
        do {
            return try await client.getObject(bucket: location.bucket, key: key(partition, name)).bytes
        } catch let error as S3Error where error.code == "NoSuchKey" || error.statusCode == 404 {
            return nil
        }
    }

    /// Stores `bytes` as a new object; false when the name is taken (nothing is replaced).
    func create(_ name: String, of partition: TopicPartition, bytes: [UInt8]) async throws -> Bool {
        do {
            try await client.putObject(
                bucket: location.bucket, key: key(partition, name), bytes: bytes,
                options: S3PutOptions(onlyIfAbsent: true, contentType: "application/octet-stream"))
            return true
        } catch S3Error.preconditionFailed {
            return false
        }
    }

    public func makeWriter(
        for partition: TopicPartition, roll: ArchiveRollPolicy, logger: Logger
    ) -> any ArchivePartitionSink {
        ObjectArchivePartitionWriter(partition: partition, storage: self, logger: logger)
    }

    func key(_ partition: TopicPartition, _ name: String) -> String {
        location.key(ArchiveLayout.relativeFolder(partition) + "/" + name)
    }

    private func childPrefixes(of prefix: String) async throws -> [String] {
        var prefixes: [String] = []
        var token: String?
        repeat {
            let page = try await client.listObjectsPage(
                bucket: location.bucket, prefix: prefix, delimiter: "/", continuationToken: token)
            prefixes += page.commonPrefixes
            token = page.nextContinuationToken
        } while token != nil
        return prefixes
    }
}
