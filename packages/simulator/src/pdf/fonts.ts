/**
 * DejaVu Sans (from the `dejavu-fonts-ttf` package) embedded through fontkit: the standard PDF
 * fonts encode WinAnsi only and cannot hold Cyrillic. Subset on embedding, so a document carries
 * only the glyphs it uses (about 10 KB instead of 700 KB), with a ToUnicode map so the text stays
 * extractable and searchable.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
const FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const cache = new Map<Weight, Promise<Uint8Array>>();

export type Weight = keyof typeof FILES;

/** Embeds one weight, subset. The file is read once per process and shared by every document. */
export async function embedTextFont(doc: PDFDocument, weight: Weight = 'regular'): Promise<PDFFont> {
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = readFile(FILES[weight]);
    cache.set(weight, bytes);
  }
  doc.registerFontkit(fontkit);
  return doc.embedFont(await bytes, { subset: true });
}
