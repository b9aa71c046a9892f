import type { z } from 'zod';
import type { Caller, Role } from '../auth/caller.ts';
import type { EventContract } from '../events/envelope.ts';
import { internalFunctionHandler } from './internal-function.ts';
import { type HttpRequest, type HttpResult, type HttpRouteOptions, httpHandler } from './http.ts';
import { type ConsumedEventOf, type QueueHandlerOptions, queueHandler } from './queue.ts';
import { scheduleHandler } from './schedule.ts';
import { type WorkItem, workQueueHandler } from './work-queue.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * A service's handler stacks with what is the same for all its functions bound once: its logger;
 * for routes its revocation view, so no route can forget to refuse a revoked token; for consumers
 * the table that keeps their idempotency records. Each service's
 * `handlers/deps.ts` exports them, so a handler states only what is particular to it:
 * `export const inbox = http({ roles: ['deputy'], query }, async ({ caller, query }) => …)`.
 */
export function serviceHandlers(deps: Pick<ServiceDeps, 'logger' | 'http' | 'rawClient' | 'tableName'>) {
  const { logger } = deps;
  return {
    /** An HTTP route: {@link httpHandler} with the service's logger, revocation view and business figures. */
    http<
      BS extends z.ZodType = z.ZodUndefined,
      QS extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
      PS extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
      const R extends readonly Role[] | undefined = undefined,
    >(
      options: Omit<HttpRouteOptions<BS, QS, PS, R>, 'logger' | 'revocations' | 'figures'>,
      useCase: (request: HttpRequest<z.output<BS>, z.output<QS>, z.output<PS>, R extends readonly Role[] ? Caller : undefined>) => Promise<HttpResult>,
    ) {
      return httpHandler<BS, QS, PS, R>({ ...options, ...deps.http }, useCase);
    },
    /** An event consumer: {@link queueHandler} with the service's logger and idempotency table. */
    queue<const Cs extends readonly EventContract[]>(
      options: Omit<QueueHandlerOptions<Cs>, 'logger' | 'idempotency'>,
      consume: (event: ConsumedEventOf<Cs>) => Promise<void>,
    ) {
      return queueHandler<Cs>({ ...options, logger, idempotency: { client: deps.rawClient, tableName: deps.tableName } }, consume);
    },
    /** An internal function other services invoke: {@link internalFunctionHandler} with the service's logger. */
    internal<S extends z.ZodType, R>(options: { name: string; input: S }, run: (input: z.output<S>) => Promise<R>) {
      return internalFunctionHandler<S, R>({ ...options, logger }, run);
    },
    /** A work queue's worker: {@link workQueueHandler} with the service's logger. */
    worker<S extends z.ZodType>(options: { queue: string; body: S }, run: (item: WorkItem<z.output<S>>) => Promise<void>) {
      return workQueueHandler<S>({ ...options, logger }, run);
    },
    /** A scheduled function: {@link scheduleHandler} with the service's logger. */
    schedule<R>(name: string, run: (now: Date) => Promise<R>) {
      return scheduleHandler<R>({ logger, name }, run);
    },
  };
}
