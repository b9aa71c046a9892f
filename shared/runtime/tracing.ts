import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';

/**
 * The function's X-Ray tracer (Powertools Tracer), one per process as a Lambda function is one
 * process: its service name comes from `POWERTOOLS_SERVICE_NAME`, which the stack sets per
 * function. It traces only in Lambda with active tracing; on the local platform and in tests every
 * call below does nothing.
 */
export const tracer = new Tracer();

/**
 * The tracing middleware every handler stack starts with: one segment per invocation, annotated
 * with the cold start and the service. Responses are never recorded (they may carry personal
 * data); an error is recorded by its name and message, which never carry any (docs/decisions.md).
 */
export function traced<E, R>(): middy.MiddlewareObj<E, R> {
  return captureLambdaHandler(tracer, { captureResponse: false }) as middy.MiddlewareObj<E, R>;
}

/**
 * An AWS SDK client whose calls appear as subsegments of the invocation's trace (DynamoDB,
 * EventBridge, SQS, Lambda): a PutEvents from intake carries the trace on to the bus.
 */
export function tracedClient<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/**
 * Marks the invocation's segment with the flow it belongs to (the correlation id that the intake
 * request starts and every event of it carries), so X-Ray finds a citizen's message from intake to
 * every consumer by `annotation.correlationId`.
 */
export function annotateFlow(correlationId: string): void {
  if (tracer.isTracingEnabled()) tracer.putAnnotation('correlationId', correlationId);
}

/**
 * Runs one record of a batch in its own subsegment annotated with its flow: a batch mixes the
 * records of several flows, and the invocation's segment can carry only one.
 */
export async function inFlow<T>(name: string, correlationId: string, run: () => Promise<T>): Promise<T> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return run();
  const subsegment = parent.addNewSubsegment(name);
  subsegment.addAnnotation('correlationId', correlationId);
  try {
    return await run();
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
  }
}
