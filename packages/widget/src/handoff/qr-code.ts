import { toCanvas } from 'qrcode';

/**
 * Draws `text` as a QR code. Only ever imported dynamically, so `qrcode` and its CommonJS glue land in
 * a chunk of their own that pages without `display="qr"` never load.
 */
export const drawQr = (canvas: HTMLCanvasElement, text: string): Promise<void> =>
  // dark on white in both themes: phone cameras read that best
  toCanvas(canvas, text, { margin: 1, width: 200, errorCorrectionLevel: 'M' });
