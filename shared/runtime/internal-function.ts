import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { validate } from './http.ts';
import { traced } from './tracing.ts';

/**
 * The middy stack of an internal function (a manifest's `internalFunctions`): the payload is
 * validated with zod, and neither payload nor answer is ever logged — these functions exist to
 * hand personal data to one authorised caller. Who may call is enforced outside the handler: by
 * IAM in AWS, by the platform's loopback endpoint locally.
 */
export function internalFunctionHandler<S extends z.ZodType, R>(options: { logger: Logger; name: string; input: S }, run: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(traced())
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .handler(async (event: unknown, _context: Context) => {
      const input = validate(options.input, event, 'payload');
      try {
        return await run(input);
      } catch (error) {
        options.logger.warn('internal function failed', { function: options.name, errorName: (error as Error).name });
        throw error;
      }
    });
}
