package dev.poros.server;

import dev.poros.reconcile.SyncResult;
import dev.poros.schedule.SyncListener;
import dev.poros.status.StatusDeliveries;
import dev.poros.store.Stores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * The agent's Prometheus metrics: syncs by outcome and their duration, fetch failures, webhook
 * deliveries by result, commit status posts by outcome, and — read from the Poros DB at each scrape
 * — resources by status and health and workflow runs by state.
 */
public final class Metrics implements SyncListener, StatusDeliveries.Outcomes {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Stores stores;
  private final MultiGauge resources;
  private final MultiGauge runs;

  public Metrics(Stores stores) {
    this.stores = stores;
    this.resources =
        MultiGauge.builder("poros_resources")
            .description("Resources by status and health")
            .register(registry);
    this.runs =
        MultiGauge.builder("poros_workflow_runs")
            .description("Workflow runs by state")
            .register(registry);
    Gauge.builder(
            "poros_drifted_resources", stores.resources(), resources -> resources.driftedCount())
        .description("Resources whose live objects differ from what was applied (OutOfSync)")
        .register(registry);
  }

  @Override
  public void counted(String provider, String outcome) {
    Counter.builder("poros_status_posts")
        .description("Commit status posts by provider and outcome (delivered, retried, failed)")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void synced(String repository, SyncResult result) {
    Counter.builder("poros_syncs")
        .description("Syncs by outcome")
        .tag("repository", repository)
        .tag("outcome", result.outcome().label())
        .register(registry)
        .increment();
    Timer.builder("poros_sync_duration")
        .description("How long syncs take")
        .tag("repository", repository)
        .publishPercentileHistogram()
        .register(registry)
        .record(result.duration());
  }

  @Override
  public void fetchFailed(String repository, String error) {
    Counter.builder("poros_fetch_failures")
        .description("Failed fetches")
        .tag("repository", repository)
        .register(registry)
        .increment();
  }

  @Override
  public void unverified(String repository, String reason) {
    Counter.builder("poros_unverified_commits")
        .description("Commits refused because their signature is not trusted")
        .tag("repository", repository)
        .register(registry)
        .increment();
  }

  /**
   * Counts a webhook delivery: {@code accepted}, {@code rejected} (signature), {@code too_large},
   * {@code duplicate} or {@code busy} (turned away while too many bodies were being read).
   */
  void delivery(String result) {
    Counter.builder("poros_webhook_deliveries")
        .description("Webhook deliveries by result")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition, with the DB-backed gauges read now. */
  String scrape() {
    resources.register(
        stores.resources().countByStatusAndHealth().stream()
            .map(
                row ->
                    MultiGauge.Row.of(
                        Tags.of("status", (String) row[0], "health", (String) row[1]),
                        (Long) row[2]))
            .toList(),
        true);
    List<MultiGauge.Row<?>> byState =
        stores.runs().countByState().stream()
            .<MultiGauge.Row<?>>map(
                row -> MultiGauge.Row.of(Tags.of("state", (String) row[0]), (Long) row[1]))
            .toList();
    runs.register(byState, true);
    return registry.scrape();
  }
}
