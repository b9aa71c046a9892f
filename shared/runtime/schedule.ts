import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { traced } from './tracing.ts';

/**
 * The middy stack for scheduled handlers (SLA sweeps, reminders, the outbox relay). The clock is
 * the schedule's own `time`, so a sweep is a pure function of when it was meant to run.
 */
export function scheduleHandler<R>(options: { logger: Logger; name: string }, run: (now: Date) => Promise<R>) {
  return middy<ScheduledEvent, R>()
    .use(traced())
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .handler(async (event: ScheduledEvent, _context: Context) => {
      const now = event?.time ? new Date(event.time) : new Date();
      const result = await run(Number.isNaN(now.getTime()) ? new Date() : now);
      options.logger.info('schedule ran', { schedule: options.name, result: result as unknown as Record<string, unknown> });
      return result;
    });
}
