import Benchmark
import MataresitCore
import MataresitStore

/// Each benchmark handles one batch of 1,000 events (the unit a stage works in), so its malloc count is per batch.
/// Malloc counts are deterministic and gate regressions (`./run.sh check`); timings are for orientation only.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 1_000,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 2.0])])

    Benchmark("event encode x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            for event in SampleEvents.batch { blackHole(EventCodec.encode(event)) }
        }
    }

    Benchmark("event decode x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in SampleEvents.encoded { blackHole(try EventCodec.decode(bytes)) }
        }
    }

    // The general decoder the fast path above falls back to (every payload, unusual encodings): the baseline of
    // "event decode x1000".
    Benchmark("event decode, SwiftProtobuf path x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            for bytes in SampleEvents.encoded { blackHole(try EventCodec.decodeWithSwiftProtobuf(bytes)) }
        }
    }

    Benchmark("seal + open client IP x1000") { benchmark in
        let subject = Subject.user(SampleEvents.keys[0])
        for _ in benchmark.scaledIterations {
            for index in 0..<1_000 {
                let sealed = try PersonalDataSealer.seal("10.1.2.\(index % 250)", subject: subject, key: SampleEvents.key)
                blackHole(try PersonalDataSealer.open(sealed, key: SampleEvents.key))
            }
        }
    }

    Benchmark("access-log projection x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SampleEvents.batch.compactMap(SampleEvents.projection.row(for:)))
        }
    }

    Benchmark("usage + rate-limit fold x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(UsageFold.fold(SampleEvents.rows))
            blackHole(RateLimitFold.fold(SampleEvents.rows))
        }
    }

    Benchmark("COPY row formatting x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(AccessLogWriter.format(SampleEvents.rows))
        }
    }
}
