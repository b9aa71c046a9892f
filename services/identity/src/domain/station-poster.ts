import type { PublicStation } from './public-views.ts';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The printable poster of a liaison station: its name and address, the station code (站码) and
 * each deputy with their code (代表码). QR codes come in as SVG text made by the QR adapter.
 */
export function renderStationPoster(input: {
  cityName: string;
  station: PublicStation;
  stationQr: string;
  deputies: { code: string; name: string; level: 'city' | 'township'; qr: string }[];
}): string {
  const { station } = input;
  const cards = input.deputies
    .map(
      (d) => `<li class="deputy"><div class="qr" aria-hidden="true">${d.qr}</div>
  <p class="name">${escapeHtml(d.name)}</p><p class="meta">${d.level === 'city' ? '市人大代表' : '乡镇人大代表'} · 代表码 ${escapeHtml(d.code)}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(station.name)} · 民情直通</title>
<style>
  @page { size: A4; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; margin: 0 auto; max-width: 190mm; }
  header { text-align: center; border-bottom: 3px solid #c00; padding-bottom: 6mm; }
  h1 { font-size: 22pt; margin: 4mm 0 2mm; color: #c00; }
  .address { margin: 0; }
  .station-qr { width: 45mm; margin: 4mm auto 0; }
  .hint { text-align: center; font-size: 12pt; }
  ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; }
  .deputy { text-align: center; break-inside: avoid; }
  .deputy .qr { width: 32mm; margin: 0 auto; }
  .name { font-size: 14pt; font-weight: bold; margin: 1mm 0 0; }
  .meta { font-size: 9pt; margin: 0; }
</style>
</head>
<body>
<header>
  <p>${escapeHtml(input.cityName)} 人大代表联络站 · 民情直通</p>
  <h1>${escapeHtml(station.name)}</h1>
  <p class="address">${escapeHtml(station.address)}</p>
  <div class="station-qr" aria-label="站码">${input.stationQr}</div>
  <p class="hint">扫描站码向本站代表留言，或扫描代表码直接联系您的代表。</p>
</header>
<main>
  <h2>本站代表（${input.deputies.length}名）</h2>
  <ul>
${cards}
  </ul>
</main>
</body>
</html>
`;
}
