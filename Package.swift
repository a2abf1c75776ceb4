// swift-tools-version: 6.1
import PackageDescription

// Release builds skip the runtime exclusivity checks (swift_beginAccess was ~10% of the stages' CPU under
// `mataresit bench pipeline`); debug builds, which run the tests, keep them, so a violation still fails there.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "mataresit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mataresit", targets: ["mataresit"]),
        // For the micro benchmarks of benchmarks/ (their own package, depending on this one by path).
        .library(name: "MataresitCore", targets: ["MataresitCore"]),
        .library(name: "MataresitStore", targets: ["MataresitStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // C headers of librdkafka (producer, consumer, admin and the built-in mock cluster).
        .systemLibrary(name: "CRDKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // zstd for the spool and the archive.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),

        // Pure logic: events, codecs, sealing, projections, pipeline definitions. No I/O.
        .target(
            name: "MataresitCore",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // librdkafka wrapper: producer, group consumer, embedded mock cluster, admin.
        .target(
            name: "MataresitKafka",
            dependencies: [
                "CRDKafka", "CZstd",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Postgres: migrations, repositories, the exactly-once stage transaction.
        .target(
            name: "MataresitStore",
            dependencies: [
                "MataresitCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // S3-compatible object storage: SigV4 signing and an S3 client over AsyncHTTPClient (for the archive).
        .target(
            name: "MataresitObjectStore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Stage runner: consume, batch, project, commit with fencing.
        .target(
            name: "MataresitStreams",
            dependencies: [
                "MataresitCore", "MataresitKafka", "MataresitStore", "MataresitObjectStore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP API (Hummingbird). Never links librdkafka: events leave through EventPublishing.
        .target(
            name: "MataresitAPI",
            dependencies: [
                "MataresitCore", "MataresitStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Wiring: settings from the environment, local Postgres, embedded broker, the services of each command.
        .target(
            name: "MataresitRuntime",
            dependencies: [
                "MataresitCore", "MataresitKafka", "MataresitStore", "MataresitStreams", "MataresitAPI",
                "MataresitObjectStore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // `mataresit bench`: generated traffic, measurements against baselines in the same run, reports.
        .target(
            name: "MataresitBench",
            dependencies: [
                "MataresitRuntime", "MataresitCore", "MataresitKafka", "MataresitStore", "MataresitStreams",
                "MataresitAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable: parses arguments and runs one ServiceGroup per command.
        .executableTarget(
            name: "mataresit",
            dependencies: [
                "MataresitBench", "MataresitRuntime", "MataresitCore", "MataresitStore", "MataresitKafka", "MataresitAPI", "MataresitStreams",
                "MataresitObjectStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Seeded byte mutator shared by the fuzz tests of the decoder, the spool and the archive.
        .target(
            name: "MataresitFuzzSupport",
            dependencies: ["MataresitCore"],
            path: "Tests/MataresitFuzzSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MataresitCoreTests",
            dependencies: ["MataresitCore", "MataresitFuzzSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MataresitKafkaTests",
            dependencies: ["MataresitKafka", "MataresitFuzzSupport"],
            swiftSettings: swiftSettings
        ),
        // Operations unit tests (configuration, masking, metrics text): no servers.
        .testTarget(
            name: "MataresitOpsTests",
            dependencies: ["MataresitRuntime", "MataresitBench", "MataresitStreams"],
            swiftSettings: swiftSettings
        ),
        // Server-free tests of the store: DATABASE_URL refusals, the COPY text format.
        .testTarget(
            name: "MataresitStoreTests",
            dependencies: ["MataresitStore"],
            swiftSettings: swiftSettings
        ),
        // Server-free tests of the stage code: the archive's file format, its fuzzing.
        .testTarget(
            name: "MataresitStreamsTests",
            dependencies: ["MataresitCore", "MataresitKafka", "MataresitStreams", "MataresitFuzzSupport"],
            swiftSettings: swiftSettings
        ),
        // The API without a socket or a database: the router in process against in-memory twins of its stores.
        .testTarget(
            name: "MataresitAPITests",
            dependencies: [
                "MataresitCore", "MataresitStore", "MataresitAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // SigV4 against AWS's published suite, the client against a scripted server and moto (ops/test.sh starts it).
        .testTarget(
            name: "MataresitObjectStoreTests",
            dependencies: [
                "MataresitObjectStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MataresitIntegrationTests",
            dependencies: [
                "MataresitCore", "MataresitKafka", "MataresitStore", "MataresitStreams", "MataresitAPI",
                "MataresitRuntime", "MataresitBench", "MataresitFuzzSupport", "MataresitObjectStore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
