import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { HandlerRef } from '../../shared/runtime/manifest.ts';
import { type FaultInjector, InjectedInvocationError } from './faults.ts';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A handler invocation that ran past its Lambda timeout. */
export class LambdaTimeoutError extends Error {
  constructor(functionName: string, seconds: number) {
    super(`${functionName} timed out after ${seconds} s`);
    this.name = 'LambdaTimeoutError';
  }
}

/**
 * Runs manifest handlers the way Lambda does: the module is loaded once (cold start), each call
 * gets a context with a deadline, and a call past its timeout fails.
 */
export class LocalLambdaRuntime {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();

  /** `onInvoked` hears of every invocation and how long it ran (what Lambda bills); `faults` may fail or delay some. */
  constructor(
    private readonly onInvoked: (functionName: string, ref: HandlerRef, durationMs: number) => void = () => undefined,
    private readonly faults?: FaultInjector,
  ) {}

  async invoke(functionName: string, ref: HandlerRef, event: unknown): Promise<unknown> {
    const handler = await this.load(ref);
    const deadline = Date.now() + ref.timeoutSeconds * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
      memoryLimitInMB: String(ref.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaTimeoutError(functionName, ref.timeoutSeconds)), ref.timeoutSeconds * 1000);
    });
    const started = performance.now();
    const fault = this.faults?.forInvocation(functionName, event);
    // An injected delay runs on the function's clock, as a slow start does: past the timeout, it times out.
    const run = async () => {
      if (fault && 'error' in fault) throw new InjectedInvocationError(functionName);
      if (fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      // Lambda stops a timed-out invocation: a delay past the deadline never runs the handler.
      if (Date.now() >= deadline) throw new LambdaTimeoutError(functionName, ref.timeoutSeconds);
      return handler(event, context);
    };
    try {
      return await Promise.race([run(), timeout]);
    } finally {
      clearTimeout(timer);
      this.onInvoked(functionName, ref, performance.now() - started);
    }
  }

  /** Loads every handler up front, so a broken module fails the start instead of the first request. */
  async preload(refs: readonly HandlerRef[]): Promise<void> {
    await Promise.all(refs.map((ref) => this.load(ref)));
  }

  private load(ref: HandlerRef): Promise<LambdaHandler> {
    const key = `${ref.file}#${ref.exportName}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = import(pathToFileURL(ref.file).href).then((module: Record<string, unknown>) => {
        const handler = module[ref.exportName];
        if (typeof handler !== 'function') throw new Error(`${ref.file} does not export a function "${ref.exportName}"`);
        return handler as LambdaHandler;
      });
      this.loaded.set(key, pending);
    }
    return pending;
  }
}
