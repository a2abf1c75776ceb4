import Metrics
import Prometheus

/// The process's Prometheus registry. Its first use bootstraps swift-metrics with a
/// `PrometheusMetricsFactory` over it, exactly once per process (a static `let` is initialised once,
/// thread-safely); every `Counter`, `Timer` and `Gauge` made afterwards lands in it.
public enum MetricsBootstrap {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10)
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The registry's families in Prometheus text format (version 0.0.4).
    public static func text() -> String { registry.emitToString() }
}
