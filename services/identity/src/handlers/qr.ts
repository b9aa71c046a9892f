import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { qrSvg } from '../../../../shared/web/qr-code.ts';
import { messagePageUrl } from '../domain/public-views.ts';
import { directory, http } from './deps.ts';
import { codeParams as code } from './schemas.ts';

const svg = 'image/svg+xml; charset=utf-8';

/** GET /v1/stations/{code}/qr.svg (public): 站码, opening the station's message page. */
export const stationQr = http({ params: code }, async ({ params }) => {
  if (!(await directory.getStation(params.code))) throw new NotFoundError('No such station.');
  const url = messagePageUrl(currentCity().publicBaseUrl, { stationCode: params.code });
  return { status: 200, body: await qrSvg(url), contentType: svg, headers: { 'cache-control': 'public, max-age=86400' } };
});

/** GET /v1/deputies/{code}/qr.svg (public): 代表码, opening the deputy's message page. */
export const deputyQr = http({ params: code }, async ({ params }) => {
  const deputy = await directory.getDeputy(params.code);
  if (deputy?.termStatus !== 'active') throw new NotFoundError('No such deputy.');
  const url = messagePageUrl(currentCity().publicBaseUrl, { deputyCode: params.code });
  return { status: 200, body: await qrSvg(url), contentType: svg, headers: { 'cache-control': 'public, max-age=86400' } };
});
