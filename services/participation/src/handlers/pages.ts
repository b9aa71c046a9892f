import { z } from 'zod';
import { PAGE_HEADERS, webFiles } from '../../../../shared/runtime/web-files.ts';
import { http } from './deps.ts';

/**
 * Participation's citizen pages, static files (services/participation/web) served on the API's
 * origin like messaging's; they share messaging's stylesheet and helpers under `/assets/`.
 */
const file = webFiles([new URL('./web/', import.meta.url), new URL('../../web/', import.meta.url)]);
const params = z.object({ code: z.string().min(1).max(64) });

/** GET /c/{code}: a consultation's page (意见征集), which its QR code opens. */
export const consultationPage = http({ params }, async () => ({ status: 200, ...file('consultation.html'), headers: PAGE_HEADERS }));

/**
 * GET /r/{code}: a station's reception days (代表固定接待日), where a citizen books a slot; GET
 * /a/{code}: a citizen's appointment, shown and cancelled with the token their browser kept. One
 * page, which reads its address.
 */
export const receptionPage = http({ params }, async () => ({ status: 200, ...file('reception.html'), headers: PAGE_HEADERS }));

/** GET /l/{code}: a published livelihood ballot (民生实事票决): the chosen projects and how they progress. */
export const livelihoodPage = http({ params }, async () => ({ status: 200, ...file('livelihood.html'), headers: PAGE_HEADERS }));

/** GET /p/{code}: the participation pages' own scripts. */
export const asset = http({ params }, async ({ params }) => ({ status: 200, ...file(params.code), headers: PAGE_HEADERS }));
