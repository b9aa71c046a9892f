/**
 * Where a request came from, for the per-source limits and sign-in throttling. Behind the city's
 * CloudFront distribution the API sees CloudFront's address, not the citizen's; CloudFront reports
 * the viewer's in `CloudFront-Viewer-Address` (`<ip>:<port>`). That header is believed only on a
 * request that also carries the edge's origin token (`X-Minqing-Edge`, set by CloudFront on every
 * request to the API, never sent to viewers), since anyone calling the API's own address could
 * send it too.
 */

/** The header CloudFront adds to every request it sends to the API (infra/cdk/edge.ts). */
export const EDGE_ORIGIN_HEADER = 'x-minqing-edge';

/** Environment variable giving the functions the token the edge sends in {@link EDGE_ORIGIN_HEADER}. */
export const EDGE_ORIGIN_TOKEN_ENV = 'MINQING_EDGE_ORIGIN_TOKEN';

/**
 * The client's address: the viewer's as CloudFront reports it when the request came through the
 * edge (its token matches `edgeToken`), otherwise the address API Gateway saw.
 */
export function clientAddress(
  headers: Readonly<Record<string, string | undefined>>,
  sourceIp: string | undefined,
  edgeToken: string | undefined = process.env[EDGE_ORIGIN_TOKEN_ENV],
): string {
  const viewer = headers['cloudfront-viewer-address'];
  if (edgeToken && viewer && headers[EDGE_ORIGIN_HEADER] === edgeToken) {
    // `203.0.113.7:46532` or `2001:db8::7:46532`: the port follows the last colon.
    const at = viewer.lastIndexOf(':');
    if (at > 0) return viewer.slice(0, at);
  }
  return sourceIp ?? 'unknown';
}
