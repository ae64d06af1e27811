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

export type Weight = keyof typeof FILES;

const files = new Map<Weight, Promise<Uint8Array>>();
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();

/**
 * fontkit that parses each font file once per process: pdf-lib parses the bytes again for every
 * document, which costs about half a second for DejaVu Sans (most of a certificate's build time).
 * A parsed font is only read when a document takes its subset, so sharing it is safe.
 */
const sharedFontkit: typeof fontkit = {
  create(data, postscriptName) {
    const key = data as Uint8Array;
    let font = postscriptName ? undefined : parsed.get(key);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      if (!postscriptName) parsed.set(key, font);
    }
    return font;
  },
};

/** Embeds one weight, subset. The file is read and parsed once per process and shared by every document. */
export async function embedTextFont(doc: PDFDocument, weight: Weight = 'regular'): Promise<PDFFont> {
  let bytes = files.get(weight);
  if (!bytes) {
    bytes = readFile(FILES[weight]);
    files.set(weight, bytes);
  }
  doc.registerFontkit(sharedFontkit);
  return doc.embedFont(await bytes, { subset: true });
}
