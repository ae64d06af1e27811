/** The electronic identity certificate (eID) the provider returns as a PDF (guide 1.2, 2.5). */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { pdfText } from './text.ts';

export interface CertificateData {
  name: string;
  /** Already masked: the certificate never carries a full national id in the simulator. */
  maskedId: string;
  clientIdentificator: string;
  reason: string;
  issuedAt: Date;
  method: 'B-Trust MOBILE' | 'Web video identification';
}

/** Returns the PDF as base64. */
export async function eidCertificatePdf(d: CertificateData): Promise<string> {
  const doc = await PDFDocument.create();
  doc.setTitle('Electronic identity certificate');
  doc.setAuthor('BORICA AD (simulated)');
  doc.setProducer('BORICA simulator');
  doc.setCreationDate(d.issuedAt);
  const page = doc.addPage([595.28, 841.89]); // A4
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const navy = rgb(0.05, 0.2, 0.45);

  page.drawRectangle({ x: 0, y: 771, width: 595.28, height: 71, color: navy });
  page.drawText('BORICA AD', { x: 50, y: 800, size: 22, font: bold, color: rgb(1, 1, 1) });
  page.drawText('SIMULATOR - not a real certificate', {
    x: 330,
    y: 804,
    size: 11,
    font,
    color: rgb(1, 0.85, 0.3),
  });

  page.drawText('Electronic identity certificate', { x: 50, y: 720, size: 20, font: bold, color: navy });
  page.drawText('Udostoverenie za elektronna identichnost', { x: 50, y: 700, size: 11, font });

  const rows: [string, string][] = [
    ['Name', pdfText(d.name)],
    ['National ID', d.maskedId],
    ['eID identifier', d.clientIdentificator.slice(0, 32)],
    ['', d.clientIdentificator.slice(32)],
    ['Identification method', d.method],
    ['Reason', pdfText(d.reason).slice(0, 70)],
    ['Issued', d.issuedAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC'],
    ['Issuer', 'BORICA AD (simulated), 41 Tsar Boris III Blvd., Sofia'],
  ];
  let y = 650;
  for (const [label, value] of rows) {
    if (label) page.drawText(label, { x: 50, y, size: 11, font: bold });
    page.drawText(value, { x: 200, y, size: 11, font });
    y -= 24;
  }
  page.drawLine({ start: { x: 50, y: y - 10 }, end: { x: 545, y: y - 10 }, thickness: 1, color: navy });
  page.drawText('Sealed with the BORICA seal for client documents (simulated).', {
    x: 50,
    y: y - 34,
    size: 10,
    font,
  });
  const bytes = await doc.save();
  return Buffer.from(bytes).toString('base64');
}
