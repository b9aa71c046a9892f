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
