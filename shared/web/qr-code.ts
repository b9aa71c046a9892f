import QRCode from 'qrcode';

/** An SVG QR code for a URL (error correction M: survives a scuffed poster). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
