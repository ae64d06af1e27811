import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, type PDFPage, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { eidCertificatePdf } from '../src/pdf/certificate.ts';
import { pdfPageCount, signPdf } from '../src/pdf/sign.ts';
import { samplePdf } from './helpers.ts';

/** The page's content streams as text, with hex strings (`<…> Tj`) decoded. */
function pageText(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((ref) => {
      const stream = doc.context.lookup(ref as PDFRef);
      const bytes = stream instanceof PDFRawStream ? stream.contents : new Uint8Array();
      let text: string;
      try {
        text = inflateSync(bytes).toString('latin1');
      } catch {
        text = Buffer.from(bytes).toString('latin1');
      }
      return text.replace(/<([0-9A-Fa-f]+)>/g, (_, hex: string) =>
        Buffer.from(hex, 'hex').toString('latin1'),
      );
    })
    .join('\n');
}

/** What a reader's copy-paste or search sees: poppler's pdftotext (scripts/setup installs it). */
function extractText(base64: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(base64, 'base64') })
    .toString('utf8')
    .replace(/\s+/g, ' ');
}

const position = { imageHeight: 60, imageWidth: 180, imageXAxis: 50, imageYAxis: 700, pageNumber: 2 };

describe('signed PDFs', () => {
  it("draws the signature box at the guide's upper-left coordinates on the right page", async () => {
    const original = await samplePdf(2);
    const signed = await signPdf(
      {
        contentAsBase64: original,
        fileName: 'a.pdf',
        legalFileName: 'A',
        padesVisualSignature: true,
        signaturePosition: position,
      },
      { name: 'Иван Петров' },
      new Date('2026-01-02T03:04:05Z'),
      'bg',
    );
    const doc = await PDFDocument.load(Buffer.from(signed, 'base64'), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
    // 842 (page height) - 700 (imageYAxis) - 60 (imageHeight) = 82 from the bottom.
    expect(pageText(doc, doc.getPage(1))).toContain('1 0 0 1 50 82 cm');
    const text = extractText(signed);
    expect(text).toContain('Подписано от: Иван Петров');
    expect(text).toContain('Подписано с B-Trust OTC');
    expect(text).toContain('2026-01-02 03:04:05 UTC');
    expect(text).not.toContain('Signed');
    // Only the second page carries the box.
    const first = await PDFDocument.load(Buffer.from(signed, 'base64'));
    first.removePage(1);
    expect(extractText(Buffer.from(await first.save()).toString('base64'))).not.toContain('B-Trust OTC');
    expect(doc.getProducer()).toBe('BORICA B-Trust OTC signing (simulator)');
    expect(doc.getKeywords()).toContain('signed');
  });

  it('marks the file signed without a box when padesVisualSignature is false', async () => {
    const original = await samplePdf(1);
    const signed = await signPdf(
      {
        contentAsBase64: original,
        fileName: 'a.pdf',
        legalFileName: 'A',
        padesVisualSignature: false,
        signaturePosition: { ...position, pageNumber: 1 },
      },
      { name: 'X' },
      new Date(),
      'en',
    );
    expect(signed).not.toBe(original);
    const doc = await PDFDocument.load(Buffer.from(signed, 'base64'), { updateMetadata: false });
    expect(extractText(signed)).not.toContain('B-Trust OTC');
    expect(doc.getProducer()).toContain('B-Trust OTC');
  });

  it('counts pages, and refuses what is not a PDF', async () => {
    expect(await pdfPageCount(Buffer.from(await samplePdf(3), 'base64'))).toBe(3);
    expect(await pdfPageCount(Buffer.from('hello'))).toBeNull();
    expect(await pdfPageCount(Buffer.from('%PDF-1.7 but broken'))).toBeNull();
  });

  it('writes the box in English for an English signing session', async () => {
    const signed = await signPdf(
      {
        contentAsBase64: await samplePdf(1),
        fileName: 'a.pdf',
        legalFileName: 'A',
        padesVisualSignature: true,
        signaturePosition: { ...position, pageNumber: 1 },
      },
      { name: 'Иван Петров' },
      new Date('2026-01-02T03:04:05Z'),
      'en',
    );
    const text = extractText(signed);
    expect(text).toContain('Signed by: Иван Петров');
    expect(text).toContain('Signed with B-Trust OTC');
  });
});

describe('eID certificate', () => {
  const data = {
    name: 'Мария Иванова',
    maskedId: 'EGN 75******05',
    clientIdentificator: 'ab'.repeat(32),
    reason: 'Откриване на сметка <онлайн>',
    issuedAt: new Date('2026-01-02T03:04:05Z'),
    method: 'web',
  } as const;

  it('is in Bulgarian for a Bulgarian session: Cyrillic as written, extractable', async () => {
    const b64 = await eidCertificatePdf({ ...data, language: 'bg' });
    const text = extractText(b64);
    expect(text).toContain('Удостоверение за електронна идентичност');
    expect(text).toContain('Мария Иванова');
    expect(text).toContain('Откриване на сметка <онлайн>');
    expect(text).toContain('Видео идентификация');
    expect(text).toContain('EGN 75******05');
    expect(text).toContain('ab'.repeat(16));
    expect(text).toContain('СИМУЛАТОР');
    const doc = await PDFDocument.load(Buffer.from(b64, 'base64'), { updateMetadata: false });
    expect(doc.getTitle()).toBe('Удостоверение за електронна идентичност');
    // The font is subset: the certificate stays small.
    expect(Buffer.from(b64, 'base64').length).toBeLessThan(60_000);
  });

  it('is in English for an English session, with the name still in Cyrillic', async () => {
    const text = extractText(await eidCertificatePdf({ ...data, method: 'mobile', language: 'en' }));
    expect(text).toContain('Electronic identity certificate');
    expect(text).toContain('Identification method B-Trust MOBILE');
    expect(text).toContain('Мария Иванова');
    expect(text).toContain('SIMULATOR');
  });
});
