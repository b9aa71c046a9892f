import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Faults the local platform injects on purpose, after the actions of AWS Fault Injection Service,
 * so that a test can prove what survives them. Shares are fractions (0.2 = one call in five).
 */
export interface FaultPlan {
  /** `aws:lambda:invocation-error`: this share of the matching functions' invocations fail without running. */
  readonly invocationError?: { readonly share: number; readonly functions?: RegExp };
  /**
   * `aws:lambda:invocation-add-delay`: this share start this much later; past the function's
   * timeout, a timeout. `times` stops it after that many (FIS's experiment duration, in calls).
   */
  readonly invocationDelay?: { readonly share: number; readonly ms: number; readonly functions?: RegExp; readonly times?: number };
  /** EventBridge's partial failure: this share of PutEvents entries fail with `InternalFailure`. */
  readonly putEventsFailure?: { readonly share: number };
  /** DynamoDB throttling: this share of requests answer `ProvisionedThroughputExceededException`. */
  readonly dynamoThrottle?: { readonly share: number };
}

/** One injected fault, for a test to explain what it sees (a dead letter, a retry). */
export interface InjectedFault {
  readonly kind: 'invocation-error' | 'invocation-delay' | 'put-events-failure' | 'dynamo-throttle';
  /** The function, or the service's table or bus, it hit. */
  readonly target: string;
  /** What the function was invoked with (its SQS records' bodies), for an invocation fault. */
  readonly event?: unknown;
}

/** The switch and the record of injected faults: set a plan, run, clear it, read what happened. */
export class FaultInjector {
  private plan: FaultPlan = {};
  readonly injected: InjectedFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Starts injecting `plan` (replacing the one before); `{}` stops. */
  set(plan: FaultPlan): void {
    this.plan = plan;
  }

  /** The fault to inject into one invocation of `functionName`, if any. */
  forInvocation(functionName: string, event: unknown): { error: true } | { delayMs: number } | undefined {
    const { invocationError: error, invocationDelay: delay } = this.plan;
    if (error && (!error.functions || error.functions.test(functionName)) && this.random() < error.share) {
      this.injected.push({ kind: 'invocation-error', target: functionName, event });
      return { error: true };
    }
    const delayed = this.injected.filter((f) => f.kind === 'invocation-delay').length;
    if (
      delay &&
      delayed < (delay.times ?? Number.POSITIVE_INFINITY) &&
      (!delay.functions || delay.functions.test(functionName)) &&
      this.random() < delay.share
    ) {
      this.injected.push({ kind: 'invocation-delay', target: functionName, event });
      return { delayMs: delay.ms };
    }
    return undefined;
  }

  /** Whether one PutEvents entry fails. */
  failsEntry(source: string): boolean {
    const share = this.plan.putEventsFailure?.share ?? 0;
    if (share === 0 || this.random() >= share) return false;
    this.injected.push({ kind: 'put-events-failure', target: source });
    return true;
  }

  /** Whether one DynamoDB request is throttled. */
  throttles(target: string): boolean {
    const share = this.plan.dynamoThrottle?.share ?? 0;
    if (share === 0 || this.random() >= share) return false;
    this.injected.push({ kind: 'dynamo-throttle', target });
    return true;
  }
}

/** The error an invocation fault throws, named as FIS names its action. */
export class InjectedInvocationError extends Error {
  constructor(functionName: string) {
    super(`${functionName}: injected fault (aws:lambda:invocation-error)`);
    this.name = 'InjectedInvocationError';
  }
}

/**
 * A pass-through in front of DynamoDB (dynalite) that answers a share of requests as DynamoDB
 * does when it throttles, so the SDK's retries and the callers' handling are what is tested.
 */
export async function startThrottlingProxy(endpoint: string, faults: FaultInjector): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(endpoint);
  const server: Server = createServer((incoming, outgoing) => {
    const operation =
      String(incoming.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? 'unknown';
    if (faults.throttles(operation)) {
      incoming.resume();
      outgoing.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      outgoing.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded (injected fault).',
        }),
      );
      return;
    }
    const forwarded = request(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
