import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import { type BusinessMetric, METRICS_NAMESPACE } from './business-metrics.ts';

/** Where the kernel and the adapters count the business figures; the domain never sees it. */
export interface FigureRecorder {
  /**
   * Counts a business figure: once with the dimensions `city` and `service` (what the alarms and
   * the dashboard read) and, when `by` is given, once more broken down by it (by channel, by code).
   */
  count(metric: BusinessMetric, by?: Readonly<Record<string, string>>, value?: number): void;
  /** A duration in seconds (the outbox's oldest unpublished item), with `city` and `service` only. */
  seconds(name: string, value: number): void;
}

/**
 * The business figures of one service as CloudWatch embedded-metric-format lines (Powertools
 * Metrics) on standard output, from which CloudWatch Logs makes the metrics. Each figure is
 * written at once rather than at the end of the invocation, so no handler needs a flushing
 * middleware and a failed invocation still counts what it committed. On the local platform
 * (`POWERTOOLS_METRICS_DISABLED=true`) nothing is written.
 */
export class BusinessFigures implements FigureRecorder {
  private readonly metrics: Metrics;

  constructor(options: { city: string; service: string }) {
    this.metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: options.service, defaultDimensions: { city: options.city } });
  }

  count(metric: BusinessMetric, by: Readonly<Record<string, string>> = {}, value = 1): void {
    this.write(metric.name, MetricUnit.Count, value, {});
    if (Object.keys(by).length > 0) this.write(metric.name, MetricUnit.Count, value, by);
  }

  seconds(name: string, value: number): void {
    this.write(name, MetricUnit.Seconds, value, {});
  }

  /** One EMF line: no await between adding and publishing, so concurrent records never mix. */
  private write(name: string, unit: Unit, value: number, dimensions: Readonly<Record<string, string>>): void {
    for (const [key, dimension] of Object.entries(dimensions)) this.metrics.addDimension(key, dimension);
    this.metrics.addMetric(name, unit, value);
    this.metrics.publishStoredMetrics();
  }
}
