import type { SendOutcome } from '../../domain/delivery.ts';

/** One HTTP request to a provider. */
export interface ProviderRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends a provider request and returns its status and body text (the network, injected). */
export type HttpTransport = (request: ProviderRequest) => Promise<{ status: number; body: string }>;

/**
 * A transport failure. `sent` says whether the request may have reached the provider: a refused
 * connection or an unknown host did not, a timeout after sending may have — and a notification
 * that may have gone out is never sent again.
 */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    readonly sent: boolean,
  ) {
    super(`provider transport failed: ${code}`);
    this.name = 'TransportError';
  }
}

/** What a failed transport means for the delivery. */
export function outcomeOfTransportError(error: unknown): SendOutcome {
  if (error instanceof TransportError) {
    return error.sent ? { status: 'unknown', code: error.code } : { status: 'refused', retryable: true, code: error.code };
  }
  return { status: 'unknown', code: 'TRANSPORT' };
}

/** Form-encodes as providers' RPC APIs expect (RFC 3986: space %20, `*` %2A, `~` kept). */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Connection errors raised before a request could leave: nothing reached the provider. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED']);

/**
 * The {@link HttpTransport} over `fetch`. A connection never made is a {@link TransportError} that
 * did not send; a timeout or a connection dropped mid-way may have reached the provider.
 */
export function fetchTransport(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): HttpTransport {
  const doFetch = options.fetch ?? fetch;
  return async (request) => {
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw transportErrorOf(error);
    }
    try {
      return { status: response.status, body: await response.text() };
    } catch (error) {
      // The provider answered, but the body was cut: it may well have sent.
      throw new TransportError(errorCode(error), true);
    }
  };
}

/** A failed request as a {@link TransportError}: sent unless the connection was never made. */
export function transportErrorOf(error: unknown): TransportError {
  const code = errorCode(error);
  return new TransportError(code, !NOT_SENT.has(code));
}

/** The system error code of a failed fetch (`ECONNREFUSED`), or the error's name (`TimeoutError`). */
export function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  const name = (error as Error)?.name;
  return typeof name === 'string' && /^\w{1,40}$/.test(name) ? name : 'TRANSPORT';
}
