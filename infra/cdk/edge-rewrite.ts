/**
 * The CloudFront Function (viewer request) in front of the static files: the paths the pages are
 * known by become the files that hold them. `/s/<code>` and `/d/<code>` (what a QR code opens) are
 * the message page, `/t/<code>` the tracking page, and any console path without a file extension
 * is the console application, whose router takes it from there. Kept as source text, in the
 * CloudFront Functions dialect (no arrow functions, no `let`), and tested by running it.
 */
export const EDGE_REWRITE_SOURCE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (/^\\/[sd]\\/[^\\/]+$/.test(uri)) request.uri = '/assets/message.html';
  else if (/^\\/t\\/[^\\/]+$/.test(uri)) request.uri = '/assets/track.html';
  else if (uri === '/console' || /^\\/console\\/([^.]*\\/)?[^.\\/]*$/.test(uri)) request.uri = '/console/index.html';
  return request;
}`;

/** Where a static path lives in the bucket, by running {@link EDGE_REWRITE_SOURCE} (for tests and tools). */
export function rewrittenUri(uri: string): string {
  const handler = new Function(`${EDGE_REWRITE_SOURCE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  return handler({ request: { uri } }).uri;
}
