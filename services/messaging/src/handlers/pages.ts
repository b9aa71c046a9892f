import { PAGE_HEADERS, webFiles } from '../../../../shared/runtime/web-files.ts';
import { http } from './deps.ts';
import { pageParams } from './schemas.ts';

/**
 * The citizen pages are plain static files (services/messaging/web): this handler serves them on
 * the same origin as the API, locally and in Lambda (the stack copies the folder beside the
 * bundle). They can equally be put on any static host.
 */
const file = webFiles([new URL('./web/', import.meta.url), new URL('../../web/', import.meta.url)]);

const page = (name: string) =>
  http({ params: pageParams }, async () => {
    const { body, contentType } = file(name);
    return { status: 200, body, contentType, headers: PAGE_HEADERS };
  });

/** GET /s/{code} (站码) and GET /d/{code} (代表码): the page a QR code opens. */
export const messagePage = page('message.html');

/** GET /t/{code}: the tracking page (the token travels in the URL fragment, never to the server). */
export const trackPage = page('track.html');

/** GET /assets/{code}: the pages' scripts and styles. */
export const asset = http({ params: pageParams }, async ({ params }) => {
  const { body, contentType } = file(params.code);
  return { status: 200, body, contentType, headers: PAGE_HEADERS };
});
