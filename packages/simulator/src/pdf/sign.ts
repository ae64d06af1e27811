/**
 * "Signs" a submitted PDF: a visible signature box at signaturePosition (guide 3.1) and metadata
 * marking the file signed. There is no cryptographic PAdES signature: the simulator's output must
 * never pass for a real qualified signature.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import type { DocumentForSign, Language } from '../state/types.ts';
import { embedTextFont, oneAtATime } from './fonts.ts';

/** The visible signature's lines, in the signing session's language (guide 3.1 `language`). */
const BOX = {
  bg: (name: string, at: string) => [
    `Подписано от: ${name}`,
    `Дата: ${at} UTC`,
    'Подписано с B-Trust OTC',
    '(СИМУЛАТОР)',
  ],
  en: (name: string, at: string) => [
    `Signed by: ${name}`,
    `Date: ${at} UTC`,
    'Signed with B-Trust OTC',
    '(SIMULATOR)',
  ],
} satisfies Record<Language, unknown>;

/** Page count, or null when the bytes are not a PDF pdf-lib can read. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number | null> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') return null;
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

export function signPdf(
  document: DocumentForSign,
  signer: { name: string },
  signedAt: Date,
  language: Language,
): Promise<string> {
  return oneAtATime(() => build(document, signer, signedAt, language));
}

async function build(
  document: DocumentForSign,
  signer: { name: string },
  signedAt: Date,
  language: Language,
): Promise<string> {
  const doc = await PDFDocument.load(Buffer.from(document.contentAsBase64, 'base64'), {
    updateMetadata: false,
    ignoreEncryption: true,
  });
  const pos = document.signaturePosition;
  if (document.padesVisualSignature && pos) {
    const page = doc.getPage(Math.min(pos.pageNumber, doc.getPageCount()) - 1);
    const { height: pageHeight } = page.getSize();
    const font = await embedTextFont(doc);
    // guide 3.1: imageXAxis/imageYAxis are the box's upper-left corner from the page's top-left;
    // pdf-lib measures from the bottom-left, so flip y and step down by the box height.
    const x = pos.imageXAxis;
    const y = pageHeight - pos.imageYAxis - pos.imageHeight;
    const w = pos.imageWidth;
    const h = pos.imageHeight;
    page.drawRectangle({
      x,
      y,
      width: w,
      height: h,
      borderColor: rgb(0.05, 0.2, 0.45),
      borderWidth: 1,
      color: rgb(0.93, 0.96, 1),
    });
    const lines = BOX[language](signer.name, signedAt.toISOString().slice(0, 19).replace('T', ' '));
    const size = Math.max(3, Math.min(9, (h - 4) / (lines.length * 1.25)));
    lines.forEach((line, i) => {
      let text = line;
      while (text.length > 1 && font.widthOfTextAtSize(text, size) > w - 4) text = text.slice(0, -1);
      page.drawText(text, { x: x + 2, y: y + h - 2 - size * 1.25 * (i + 1) + size * 0.25, size, font });
    });
  }
  doc.setProducer('BORICA B-Trust OTC signing (simulator)');
  doc.setKeywords(['signed', 'B-Trust OTC', 'simulated signature']);
  doc.setModificationDate(signedAt);
  doc.setSubject(`Signed with B-Trust OTC by ${signer.name}`);
  const bytes = await doc.save();
  return Buffer.from(bytes).toString('base64');
}
