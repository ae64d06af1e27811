/**
 * The bank's contract, generated per customer with pdf-lib. The signature box drawn here is where
 * the bank asks BORICA to put the visible signature (`visualSignature`), so the two must agree.
 * Standard PDF fonts have no Cyrillic, so the document is in English (a real bank embeds a font).
 */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

const A4 = { width: 595.28, height: 841.89 };

/** Top-left origin, in PDF points, as the relay's `visualSignature` takes it (guide 3.1: imageXAxis/imageYAxis). */
export const SIGNATURE_BOX = { page: 1, x: 330, y: 640, width: 210, height: 80 };

export async function buildContract(opts: { contractNo: string; clientIdentificator?: string; date: Date }) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Current account contract ${opts.contractNo}`);
  pdf.setAuthor('Vitosha Bank AD (fictional)');
  pdf.setCreationDate(opts.date);
  pdf.setModificationDate(opts.date);
  const page = pdf.addPage([A4.width, A4.height]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.11, 0.16, 0.27);
  const accent = rgb(0.05, 0.42, 0.45);
  const fromTop = (y: number) => A4.height - y;

  page.drawRectangle({ x: 0, y: fromTop(70), width: A4.width, height: 70, color: accent });
  page.drawText('VITOSHA BANK', { x: 50, y: fromTop(45), size: 22, font: bold, color: rgb(1, 1, 1) });
  page.drawText('fictional bank - borica-identify demo', {
    x: 50,
    y: fromTop(60),
    size: 9,
    font,
    color: rgb(1, 1, 1),
  });

  let y = 120;
  const line = (text: string, o: { size?: number; bold?: boolean; gap?: number } = {}) => {
    page.drawText(text, { x: 50, y: fromTop(y), size: o.size ?? 11, font: o.bold ? bold : font, color: ink });
    y += o.gap ?? 18;
  };
  line('CURRENT ACCOUNT CONTRACT', { size: 18, bold: true, gap: 24 });
  line(`No. ${opts.contractNo}    Sofia, ${opts.date.toISOString().slice(0, 10)}`, { gap: 32 });
  line('1. Parties', { bold: true });
  line('Vitosha Bank AD, 1 Vitosha Blvd, Sofia (the "Bank"), and');
  line('the Customer identified remotely through BORICA B-Trust:');
  line(`   Name: as stated in the Customer's eID certificate`);
  line(`   Client identificator: ${(opts.clientIdentificator ?? '-').slice(0, 32)}`);
  line(`                         ${(opts.clientIdentificator ?? '').slice(32)}`, { gap: 28 });
  line('2. Subject', { bold: true });
  line('The Bank opens a current account in BGN in the name of the Customer and provides');
  line('online banking and a debit card under its general terms and tariff.', { gap: 28 });
  line('3. Identification and signature', { bold: true });
  line('The Customer was identified remotely (BORICA B-Trust, Regulation (EU) No 910/2014)');
  line('and signs this contract with a qualified electronic signature.', { gap: 28 });
  line('4. Fees', { bold: true });
  line('Account maintenance: BGN 0.00 per month. Online banking: free of charge.', { gap: 28 });

  const box = SIGNATURE_BOX;
  page.drawText('For the Bank:', { x: 50, y: fromTop(box.y - 8), size: 10, font: bold, color: ink });
  page.drawText('signed electronically by the Bank', {
    x: 50,
    y: fromTop(box.y + 20),
    size: 10,
    font,
    color: ink,
  });
  page.drawText('Customer signature:', { x: box.x, y: fromTop(box.y - 8), size: 10, font: bold, color: ink });
  page.drawRectangle({
    x: box.x,
    y: fromTop(box.y + box.height),
    width: box.width,
    height: box.height,
    borderColor: accent,
    borderWidth: 1,
    borderDashArray: [4, 3],
  });
  page.drawText('sign here', {
    x: box.x + 8,
    y: fromTop(box.y + box.height - 8),
    size: 8,
    font,
    color: rgb(0.6, 0.6, 0.6),
  });
  return pdf.save({ useObjectStreams: false });
}
