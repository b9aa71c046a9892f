import { ENV, internalFunctionEnvVar } from './manifest.ts';
import { TransientError } from './errors.ts';
import { signRequest, type AwsCredentials } from './sigv4.ts';

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
  now?: () => Date;
  /** How long to wait for the callee's answer; a caller's own timeout should leave room for it. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The {@link InvokeInternal} adapter for a calling service. Locally (`MINQING_INVOKE_ENDPOINT` set
 * by the platform) it POSTs to the platform's loopback emulation of Lambda Invoke, naming the caller
 * in a header; the endpoint refuses callers the manifest does not list (trust on loopback). In AWS
 * it calls Lambda Invoke itself, signed with the function role's credentials (SigV4, no SDK client
 * needed); IAM refuses any role the stack did not grant `lambda:InvokeFunction`.
 */
export function internalInvoker(caller: string, options: InvokerOptions = {}): InvokeInternal {
  const env = options.env ?? process.env;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  return async <R>(service: string, name: string, payload: unknown): Promise<R> => {
    const variable = internalFunctionEnvVar(service, name);
    const functionName = env[variable];
    if (!functionName) throw new InternalFunctionUnavailableError(`${service}/${name} is not available to ${caller} (${variable} is not set)`);
    const body = JSON.stringify(payload ?? {});
    const local = env[ENV.invokeEndpoint];
    const request = local
      ? { url: `${local}${invokePath(functionName)}`, headers: { 'content-type': 'application/json', [CALLER_HEADER]: caller } }
      : awsRequest(functionName, body, env, now());
    let response: Response;
    try {
      response = await doFetch(request.url, { method: 'POST', headers: request.headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new TransientError(`${service}/${name} could not be reached (${(error as Error).name})`);
    }
    return answerOf<R>(response, `${service}/${name}`);
  };
}

/** The signed Lambda Invoke request, with the credentials Lambda gives every function. */
function awsRequest(functionName: string, body: string, env: NodeJS.ProcessEnv, at: Date) {
  const region = env.AWS_REGION;
  const credentials: AwsCredentials | undefined =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  if (!region || !credentials) throw new InternalFunctionUnavailableError('AWS_REGION and the function credentials are not set');
  // China regions live under amazonaws.com.cn (https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Ningxia.html).
  const host = `lambda.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  const url = `https://${host}${invokePath(functionName)}`;
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, { region, service: 'lambda' }, credentials, at);
  delete headers.host; // fetch sets it
  return { url, headers };
}

/** Lambda Invoke's answer: 200 with the result, or `X-Amz-Function-Error` when the function failed. */
async function answerOf<R>(response: Response, what: string): Promise<R> {
  const text = await response.text();
  if (response.status === 200 && !response.headers.get('x-amz-function-error')) return (text ? JSON.parse(text) : undefined) as R;
  // Only the error's type is kept: the callee's message could echo what it was given.
  const type = safeType(text);
  if (response.status === 200) throw new InternalFunctionError(`${what} failed (${type})`);
  if (response.status === 429 || response.status >= 500) throw new TransientError(`${what} answered ${response.status} (${type})`);
  throw new InternalFunctionUnavailableError(`${what} refused the call: ${response.status} (${type})`);
}

function safeType(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errorType?: unknown; __type?: unknown; Type?: unknown };
    const type = parsed.errorType ?? parsed.__type ?? parsed.Type;
    return typeof type === 'string' && /^[\w.#:-]{1,100}$/.test(type) ? type : 'unknown';
  } catch {
    return 'unknown';
  }
}
