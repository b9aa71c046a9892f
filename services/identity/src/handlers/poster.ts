import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { qrSvg } from '../../../../shared/web/qr-code.ts';
import { renderStationPoster } from '../domain/station-poster.ts';
import { messagePageUrl, toPublicStation } from '../domain/public-views.ts';
import { directory, http } from './deps.ts';
import { codeParams } from './schemas.ts';

/**
 * GET /v1/stations/{code}/poster (public): a printable A4 page for the station's wall — its
 * deputies with their codes and QR codes (公示代表信息及二维码).
 */
export const stationPoster = http({ params: codeParams }, async ({ params }) => {
  const station = await directory.getStation(params.code);
  if (!station) throw new NotFoundError('No such station.');
  const deputies = (await directory.listDeputies()).filter((d) => d.stationCode === station.code && d.termStatus === 'active');
  const base = currentCity().publicBaseUrl;
  const html = renderStationPoster({
    cityName: currentCity().displayName,
    station: toPublicStation(station, deputies),
    stationQr: await qrSvg(messagePageUrl(base, { stationCode: station.code })),
    deputies: await Promise.all(
      deputies.map(async (d) => ({ code: d.code, name: d.name, level: d.level, qr: await qrSvg(messagePageUrl(base, { deputyCode: d.code })) })),
    ),
  });
  return { status: 200, body: html, contentType: 'text/html; charset=utf-8' };
});
