import { InvokeCommand, type InvokeCommandOutput, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { ENV, internalFunctionEnvVar } from './manifest.ts';
import { TransientError } from './errors.ts';
import { localEndpointConfig } from './local-endpoint.ts';
import { tracedClient } from './tracing.ts';

/**
 * The port through which a service calls another service's internal function (one declared in
 * that service's manifest under `internalFunctions`, naming the caller): a synchronous request and
 * its JSON answer. Nothing it carries touches the bus or the logs.
 */
export type InvokeInternal = <R = unknown>(service: string, name: string, payload: unknown) => Promise<R>;

/** Header naming the calling service on the local platform (in AWS, IAM identifies the caller). */
export const CALLER_HEADER = 'x-minqing-caller';

/** Lambda's Invoke API path (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). */
export const invokePath = (functionName: string) => `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;

/** The callee is not there for this caller: not granted, not deployed, or refused. Not worth retrying. */
export class InternalFunctionUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalFunctionUnavailableError';
  }
}

/** The callee ran and failed (Lambda's `X-Amz-Function-Error`). Retryable: its dependencies may recover. */
export class InternalFunctionError extends TransientError {}

export interface InvokerOptions {
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** The clock the requests are signed with (default: the system's). */
  now?: () => Date;
  /** How long to wait for the callee's answer; a caller's own timeout should leave room for it. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The {@link InvokeInternal} adapter for a calling service: Lambda Invoke through
 * `@aws-sdk/client-lambda`. In AWS the client signs with the function role's credentials and IAM
 * refuses any role the stack did not grant `lambda:InvokeFunction`. Locally
 * (`MINQING_INVOKE_ENDPOINT` set by the platform) the same request goes to the platform's loopback
 * emulation of Invoke, naming the caller in a header; the endpoint refuses callers the manifest does
 * not list (trust on loopback). One attempt per call: the queue that drives the caller retries.
 */
export function internalInvoker(caller: string, options: InvokerOptions = {}): InvokeInternal {
  const env = options.env ?? process.env;
  let client: LambdaClient | undefined;
  return async <R>(service: string, name: string, payload: unknown): Promise<R> => {
    const variable = internalFunctionEnvVar(service, name);
    const functionName = env[variable];
    if (!functionName) throw new InternalFunctionUnavailableError(`${service}/${name} is not available to ${caller} (${variable} is not set)`);
    client ??= lambdaClient(caller, env, options);
    const what = `${service}/${name}`;
    let output: InvokeCommandOutput;
    try {
      output = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload ?? {})) }));
    } catch (error) {
      throw refusal(error, what);
    }
    const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    // Only the error's type is kept: the callee's message could echo what it was given.
    if (output.FunctionError) throw new InternalFunctionError(`${what} failed (${safeType(errorTypeIn(text))})`);
    return (text ? JSON.parse(text) : undefined) as R;
  };
}

/** The Lambda client: the platform's loopback endpoint locally, the region's Lambda in AWS. */
function lambdaClient(caller: string, env: NodeJS.ProcessEnv, options: InvokerOptions): LambdaClient {
  const common: LambdaClientConfig = {
    maxAttempts: 1,
    requestHandler: fetchHandler(options.fetch ?? fetch, options.timeoutMs ?? 10_000) as LambdaClientConfig['requestHandler'],
    ...(options.now ? { systemClockOffset: options.now().getTime() - Date.now() } : {}),
  };
  const local = env[ENV.invokeEndpoint];
  if (local) {
    const client = new LambdaClient({ ...localEndpointConfig(local), ...common });
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers[CALLER_HEADER] = caller;
        return next(args);
      },
      { step: 'build', name: 'minqingCaller' },
    );
    return client;
  }
  const region = env.AWS_REGION;
  if (!region || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    throw new InternalFunctionUnavailableError('AWS_REGION and the function credentials are not set');
  }
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  return tracedClient(new LambdaClient({ ...common, region, credentials }));
}

/** What the SDK hands its HTTP handler, and what it expects back. */
interface SdkRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/**
 * The SDK's requests sent with `fetch`, each bounded by the caller's timeout (Node's own `fetch`
 * in Lambda; a test hands in its own).
 */
function fetchHandler(doFetch: typeof fetch, timeoutMs: number) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkRequest) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query ?? {})) for (const v of [value ?? ''].flat()) query.append(key, v);
      const search = query.size > 0 ? `?${query}` : '';
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${search}`;
      const { host: _host, ...headers } = request.headers; // fetch sets it
      const body = typeof request.body === 'string' || request.body === undefined ? request.body : new TextDecoder().decode(request.body);
      const response = await doFetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      return {
        response: {
          statusCode: response.status,
          reason: response.statusText,
          headers: Object.fromEntries(response.headers.entries()),
          body: new Uint8Array(await response.arrayBuffer()),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** A failed call: Lambda's refusal or throttling, or no answer at all. */
function refusal(error: unknown, what: string): Error {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const type = safeType((error as Error).name);
  if (status === undefined) return new TransientError(`${what} could not be reached (${(error as Error).name})`);
  if (status === 429 || status >= 500) return new TransientError(`${what} answered ${status} (${type})`);
  return new InternalFunctionUnavailableError(`${what} refused the call: ${status} (${type})`);
}

function errorTypeIn(text: string): unknown {
  try {
    return (JSON.parse(text) as { errorType?: unknown }).errorType;
  } catch {
    return undefined;
  }
}

function safeType(type: unknown): string {
  return typeof type === 'string' && /^[\w.#:-]{1,100}$/.test(type) ? type : 'unknown';
}
