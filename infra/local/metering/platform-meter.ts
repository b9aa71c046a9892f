import { entrySize } from '../../../shared/events/eventbridge-publisher.ts';
import { resourceNames, type HandlerRef, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import type { AwsEndpointCall } from '../aws-endpoint.ts';
import type { LocalRule } from '../local-bus.ts';
import type { CompiledRoute } from '../routes.ts';
import { apiRequestUnits, eventEntryUnits, lambdaGbSeconds, sqsRequestUnits } from './billable-units.ts';
import { BillingMeter, type DynamoFact } from './meter.ts';

/** Who a call is billed to when no service can be named (the platform's own reads, a stray source). */
const PLATFORM = 'platform';

/**
 * The meter as the local platform's parts report to it: each part says what it saw in its own terms
 * (a table, a function, a queue, an event source) and this names the service that pays.
 */
export class PlatformMeter {
  readonly meter = new BillingMeter();
  private readonly tables: Map<string, string>;
  private readonly queues = new Map<string, string>();
  private readonly serviceNames: string[];
  private restoreStdout: (() => void) | undefined;

  constructor(city: string, services: readonly ServiceManifest[]) {
    this.tables = new Map(services.map((s) => [resourceNames.table(city, s.name), s.name]));
    for (const s of services) {
      for (const spec of [...s.subscriptions, ...(s.workQueues ?? [])]) {
        this.queues.set(resourceNames.queue(city, s.name, spec.name), s.name);
        this.queues.set(resourceNames.deadLetterQueue(city, s.name, spec.name), s.name);
      }
    }
    // Longest first, so that a name that starts another (`case` and `case-routing`) cannot take its functions.
    this.serviceNames = services.map((s) => s.name).sort((a, b) => b.length - a.length);
  }

  /** The service a function belongs to (function names start with the service's, see `resourceNames.function`). */
  serviceOfFunction(functionName: string): string {
    return this.serviceNames.find((name) => functionName.startsWith(`${name}-`)) ?? PLATFORM;
  }

  dynamoFacts = (facts: readonly DynamoFact[]): void => {
    for (const fact of facts) this.meter.recordDynamo(this.tables.get(fact.table) ?? PLATFORM, fact);
  };

  invoked = (functionName: string, ref: HandlerRef, durationMs: number): void => {
    this.meter.record(this.serviceOfFunction(functionName), 'lambda.Invoke', 1, lambdaGbSeconds(ref.memoryMb, durationMs));
  };

  awsCall = (call: AwsEndpointCall): void => {
    if (call.kind === 'send-message-batch') {
      this.meter.record(this.queues.get(call.queue) ?? PLATFORM, 'sqs.SendMessage', 1, sqsRequestUnits(call.bytes));
      return;
    }
    const source = call.entries[0]?.Source ?? '';
    const service = source.startsWith('minqing.') ? source.slice('minqing.'.length) : PLATFORM;
    const units = call.entries.reduce((n, entry) => n + eventEntryUnits(entrySize({ ...entry, Time: entry.Time ? new Date(entry.Time) : undefined })), 0);
    this.meter.record(service, 'events.PutEvents', 1, units);
  };

  targetSent = (rule: LocalRule, bytes: number): void => {
    this.meter.record(rule.service ?? PLATFORM, 'sqs.SendMessage', 1, sqsRequestUnits(bytes));
  };

  /** What one consumer's poller reports, billed to the consumer's service. */
  pollerRequests(service: string) {
    return (request: { kind: 'receive'; messages: number; bytes: number } | { kind: 'delete'; messages: number }): void => {
      if (request.kind === 'delete') this.meter.record(service, 'sqs.DeleteMessageBatch', 1, Math.ceil(request.messages / 10));
      else if (request.messages === 0) this.meter.record(service, 'sqs.ReceiveMessage.empty', 1, 1);
      else this.meter.record(service, 'sqs.ReceiveMessage', 1, sqsRequestUnits(request.bytes));
    };
  }

  apiRequest = (route: CompiledRoute, bytes: number): void => {
    this.meter.record(this.serviceOfFunction(route.functionName), 'apigateway.Request', 1, apiRequestUnits(bytes));
  };

  /**
   * Counts the bytes the services log (CloudWatch Logs bills ingestion): every line a service's
   * logger writes to stdout or stderr names the service (`"service":"minqing-<name>"`, shared/runtime/logger.ts).
   */
  meterLogs(): void {
    const services = new Set(this.serviceNames);
    const restores = [process.stdout, process.stderr].map((stream) => {
      const write = stream.write;
      const metered = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const service = /"service":"minqing-([a-z-]+)"/.exec(text)?.[1];
        if (service && services.has(service)) this.meter.record(service, 'logs.Ingest', 1, Buffer.byteLength(text));
        return (write as (...args: unknown[]) => boolean).apply(stream, [chunk, ...rest]);
      }) as typeof stream.write;
      stream.write = metered;
      return () => {
        if (stream.write === metered) stream.write = write;
      };
    });
    this.restoreStdout = () => {
      for (const restore of restores) restore();
    };
  }

  stop(): void {
    this.restoreStdout?.();
  }
}
