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

type Font = ReturnType<typeof fontkit.create>;
const files = new Map<Weight, Promise<Uint8Array>>();
const parsed = new WeakMap<Uint8Array, Font>();
const fonts = new Set<Font>();

/**
 * fontkit that parses each font file once per process. pdf-lib parses the bytes again for every
 * document: ~90 ms of synchronous CPU per certificate (two weights), which made the simulator, not
 * the relay, the bottleneck of every benchmark and slowed every test that completes a flow. The
 * parsed tables are read-only; fontkit's cached glyph objects are not (its layout shares and changes
 * their code points: a second document lost the text of the glyphs the first had used). So each
 * document starts from an empty glyph cache, and documents are built one at a time (`oneAtATime`).
 */
const sharedFontkit: typeof fontkit = {
  create(data, postscriptName) {
    if (postscriptName) return fontkit.create(data, postscriptName);
    const key = data as Uint8Array;
    let font = parsed.get(key);
    if (!font) {
      font = fontkit.create(data);
      parsed.set(key, font);
      fonts.add(font);
    }
    return font;
  },
};

let queue: Promise<unknown> = Promise.resolve();

/** Builds one PDF with the shared fonts, after every build queued before it. */
export function oneAtATime<T>(build: () => Promise<T>): Promise<T> {
  const run = queue.then(() => {
    for (const font of fonts) (font as unknown as { _glyphs: object })._glyphs = {};
    return build();
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Embeds one weight, subset. Call it inside `oneAtATime`. */
export async function embedTextFont(doc: PDFDocument, weight: Weight = 'regular'): Promise<PDFFont> {
  let bytes = files.get(weight);
  if (!bytes) {
    bytes = readFile(FILES[weight]);
    files.set(weight, bytes);
  }
  doc.registerFontkit(sharedFontkit);
  return doc.embedFont(await bytes, { subset: true });
}
