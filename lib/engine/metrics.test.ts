import { describe, expect, it } from "vitest";
import { EngineMetrics } from "./metrics";

describe("metrics", () => {
  it("renders Prometheus text: counters with labels, histograms with cumulative buckets, gauges", () => {
    const metrics = new EngineMetrics();
    metrics.requests.incKey(metrics.keys.auth);
    metrics.requests.incKey(metrics.keys.auth);
    metrics.drop("unknown-nad");
    metrics.authLatency.observe(0.0007, { mdm: "cache" });
    metrics.authLatency.observe(0.2, { mdm: "cache" });
    metrics.gauge("gatehouse_test_gauge", "A gauge", () => 42);
    const text = metrics.render();
    expect(text).toContain("# TYPE gatehouse_radius_requests_total counter");
    expect(text).toContain('gatehouse_radius_requests_total{listener="auth"} 2');
    expect(text).toContain('gatehouse_radius_drops_total{reason="unknown-nad"} 1');
    expect(text).toContain("gatehouse_radius_access_accepts_total 0");
    expect(text).toContain('gatehouse_radius_access_latency_seconds_bucket{mdm="cache",le="0.0005"} 0');
    expect(text).toContain('gatehouse_radius_access_latency_seconds_bucket{mdm="cache",le="0.001"} 1');
    expect(text).toContain('gatehouse_radius_access_latency_seconds_bucket{mdm="cache",le="0.25"} 2');
    expect(text).toContain('gatehouse_radius_access_latency_seconds_bucket{mdm="cache",le="+Inf"} 2');
    expect(text).toContain('gatehouse_radius_access_latency_seconds_count{mdm="cache"} 2');
    expect(text).toContain("gatehouse_test_gauge 42");
    expect(text.endsWith("\n")).toBe(true);
  });
});
