import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, type PDFPage, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { eidCertificatePdf } from '../src/pdf/certificate.ts';
import { pdfPageCount, signPdf } from '../src/pdf/sign.ts';
import { pdfText } from '../src/pdf/text.ts';
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
    );
    const doc = await PDFDocument.load(Buffer.from(signed, 'base64'), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
    const page2 = pageText(doc, doc.getPage(1));
    // 842 (page height) - 700 (imageYAxis) - 60 (imageHeight) = 82 from the bottom.
    expect(page2).toContain('1 0 0 1 50 82 cm');
    expect(page2).toContain('Signed by: Ivan Petrov');
    expect(page2).toContain('Signed with B-Trust OTC');
    expect(page2).toContain('2026-01-02 03:04:05 UTC');
    expect(pageText(doc, doc.getPage(0))).not.toContain('Signed with B-Trust OTC');
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
    );
    expect(signed).not.toBe(original);
    const doc = await PDFDocument.load(Buffer.from(signed, 'base64'), { updateMetadata: false });
    expect(pageText(doc, doc.getPage(0))).not.toContain('B-Trust OTC');
    expect(doc.getProducer()).toContain('B-Trust OTC');
  });

  it('counts pages, and refuses what is not a PDF', async () => {
    expect(await pdfPageCount(Buffer.from(await samplePdf(3), 'base64'))).toBe(3);
    expect(await pdfPageCount(Buffer.from('hello'))).toBeNull();
    expect(await pdfPageCount(Buffer.from('%PDF-1.7 but broken'))).toBeNull();
  });
});

describe('eID certificate', () => {
  it('names the person (transliterated), a masked id and the identifier', async () => {
    const b64 = await eidCertificatePdf({
      name: 'Мария Иванова',
      maskedId: 'EGN 75******05',
      clientIdentificator: 'ab'.repeat(32),
      reason: 'Account <opening>',
      issuedAt: new Date('2026-01-02T03:04:05Z'),
      method: 'Web video identification',
    });
    const doc = await PDFDocument.load(Buffer.from(b64, 'base64'), { updateMetadata: false });
    const text = pageText(doc, doc.getPage(0));
    expect(doc.getTitle()).toBe('Electronic identity certificate');
    expect(text).toContain('Electronic identity certificate');
    expect(text).toContain('Mariya Ivanova');
    expect(text).toContain('EGN 75******05');
    expect(text).toContain('ab'.repeat(16));
    expect(text).toContain('BORICA AD (simulated)');
    expect(text).toContain('SIMULATOR');
  });

  it('transliterates Bulgarian and replaces what WinAnsi cannot hold', () => {
    expect(pdfText('Щастливо Жълто')).toBe('Shtastlivo Zhalto');
    expect(pdfText('日本')).toBe('??');
  });
});
