/**
 * Rasterises the SVG the `qrcode` package writes (one `<path>` of `M x y` moves, `h n` strokes
 * and `m dx dy` relative moves, one unit per module) into RGBA pixels, so that an independent
 * decoder (jsQR) can read the code back in tests.
 */
export function rasterizeQrSvg(svg: string, scale = 4): { data: Uint8ClampedArray; width: number; height: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!viewBox) throw new Error('no viewBox');
  const modules = Number(viewBox[1]);
  const dark = new Set<string>();
  for (const path of svg.matchAll(/<path[^>]*stroke="[^"]+"[^>]*d="([^"]+)"/g)) {
    let x = 0;
    let y = 0;
    for (const [, command, args] of path[1]!.matchAll(/([MmHh])([^MmHh]*)/g)) {
      const numbers = args!
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      if (command === 'M') [x, y] = [numbers[0]!, numbers[1]!];
      else if (command === 'm') [x, y] = [x + numbers[0]!, y + numbers[1]!];
      else {
        const length = numbers[0]!;
        for (let i = 0; i < length; i++) dark.add(`${x + i},${Math.floor(y)}`);
        x += length;
      }
    }
  }
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const key of dark) {
    const [mx, my] = key.split(',').map(Number);
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const offset = ((my! * scale + dy) * width + mx! * scale + dx) * 4;
        data[offset] = data[offset + 1] = data[offset + 2] = 0;
      }
    }
  }
  return { data, width, height: width };
}
