// swift-tools-version: 6.1
import PackageDescription

// Micro benchmarks (ordo-one/benchmark), in their own package so that normal builds of Mataresit skip them.
// Run them with ./run.sh (see README.md); malloc counts are the regression gate.
let package = Package(
    name: "mataresit-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "mataresit", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MataresitBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MataresitCore", package: "mataresit"),
                .product(name: "MataresitStore", package: "mataresit"),
            ],
            path: "Benchmarks/MataresitBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
