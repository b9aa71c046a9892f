import { currentCity } from '../../../../shared/runtime/city.ts';
import { validate } from '../../../../shared/runtime/http.ts';
import { qrSvg } from '../../../../shared/web/qr-code.ts';
import { readPublic, respond } from '../use-cases/consultations.ts';
import { consultationPorts as ports, deps, http } from './deps.ts';
import { answerBody, consultationParams, deviceHeaders } from './schemas.ts';

/** The public page of a consultation, which its QR code opens. */
export const consultationPageUrl = (baseUrl: string, consultationId: string) => `${baseUrl.replace(/\/$/, '')}/c/${consultationId}`;

/** GET /v1/consultations/{id} (public): the question while open, its summary once closed. */
export const consultation = http({ audience: 'citizen', params: consultationParams }, async ({ params }) => ({
  status: 200,
  body: await readPublic(ports, params.id, deps.now()),
  headers: { 'cache-control': 'public, max-age=30' },
}));

/** POST /v1/consultations/{id}/responses (public): one answer per device, throttled per source → 201 `{responseId}`. */
export const answer = http(
  { audience: 'citizen', params: consultationParams, body: answerBody, maxBodyBytes: 8 * 1024 },
  async ({ params, body, headers, sourceIp }) => {
    const device = validate(deviceHeaders, headers, 'headers', 'citizen');
    const responseId = await respond(ports, params.id, body, { deviceId: device['x-device-id'], clientIp: sourceIp }, deps.now());
    return { status: 201, body: { responseId }, headers: { 'cache-control': 'no-store' } };
  },
);

/** GET /v1/consultations/{id}/qr.svg (public): the QR code for posters, opening the consultation's page. */
export const qr = http({ params: consultationParams }, async ({ params }) => {
  await readPublic(ports, params.id, deps.now());
  return {
    status: 200,
    body: await qrSvg(consultationPageUrl(currentCity().publicBaseUrl, params.id)),
    contentType: 'image/svg+xml; charset=utf-8',
    headers: { 'cache-control': 'public, max-age=86400' },
  };
});
