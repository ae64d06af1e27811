/** The electronic identity certificate (eID) the provider returns as a PDF (guide 1.2, 2.5), in the session's language. */
import { PDFDocument, rgb } from 'pdf-lib';
import type { Language } from '../state/types.ts';
import { embedTextFont, oneAtATime } from './fonts.ts';

export interface CertificateData {
  name: string;
  /** Already masked: the certificate never carries a full national id in the simulator. */
  maskedId: string;
  clientIdentificator: string;
  reason: string;
  issuedAt: Date;
  method: 'mobile' | 'web';
  /** The session's language (guide 2.1 `userLanguage`; Accept-language for B-Trust MOBILE). */
  language: Language;
}

const TEXTS = {
  bg: {
    title: 'Удостоверение за електронна идентичност',
    subtitle: 'Electronic identity certificate',
    simulator: 'СИМУЛАТОР – не е истинско удостоверение',
    name: 'Име',
    id: 'Идентификатор',
    eid: 'eID идентификатор',
    method: 'Начин на идентификация',
    methods: { mobile: 'B-Trust MOBILE', web: 'Видео идентификация' },
    reason: 'Основание',
    issued: 'Издадено',
    issuer: 'Издател',
    issuerValue: 'БОРИКА АД (симулирано), бул. „Цар Борис III“ 41, София',
    seal: 'Подпечатано с печата на БОРИКА за клиентски документи (симулирано).',
  },
  en: {
    title: 'Electronic identity certificate',
    subtitle: 'Удостоверение за електронна идентичност',
    simulator: 'SIMULATOR – not a real certificate',
    name: 'Name',
    id: 'National ID',
    eid: 'eID identifier',
    method: 'Identification method',
    methods: { mobile: 'B-Trust MOBILE', web: 'Web video identification' },
    reason: 'Reason',
    issued: 'Issued',
    issuer: 'Issuer',
    issuerValue: 'BORICA AD (simulated), 41 Tsar Boris III Blvd., Sofia',
    seal: 'Sealed with the BORICA seal for client documents (simulated).',
  },
} satisfies Record<Language, unknown>;

/** Cuts a value to what fits in `width` at `size`. */
function fit(text: string, width: number, measure: (t: string) => number): string {
  let out = text;
  while (out.length > 1 && measure(out) > width) out = out.slice(0, -1);
  return out === text ? text : `${out.slice(0, -1)}…`;
}

/** Returns the PDF as base64. */
export function eidCertificatePdf(d: CertificateData): Promise<string> {
  return oneAtATime(() => build(d));
}

async function build(d: CertificateData): Promise<string> {
  const t = TEXTS[d.language];
  const doc = await PDFDocument.create();
  doc.setTitle(t.title);
  doc.setAuthor('BORICA AD (simulated)');
  doc.setProducer('BORICA simulator');
  doc.setLanguage(d.language === 'bg' ? 'bg-BG' : 'en-GB');
  doc.setCreationDate(d.issuedAt);
  const page = doc.addPage([595.28, 841.89]); // A4
  const [font, bold] = await Promise.all([embedTextFont(doc), embedTextFont(doc, 'bold')]);
  const navy = rgb(0.05, 0.2, 0.45);

  page.drawRectangle({ x: 0, y: 771, width: 595.28, height: 71, color: navy });
  page.drawText(d.language === 'bg' ? 'БОРИКА АД' : 'BORICA AD', {
    x: 50,
    y: 800,
    size: 22,
    font: bold,
    color: rgb(1, 1, 1),
  });
  page.drawText(t.simulator, {
    x: 545 - font.widthOfTextAtSize(t.simulator, 10),
    y: 804,
    size: 10,
    font,
    color: rgb(1, 0.85, 0.3),
  });

  page.drawText(t.title, { x: 50, y: 720, size: 18, font: bold, color: navy });
  page.drawText(t.subtitle, { x: 50, y: 700, size: 10, font, color: rgb(0.35, 0.4, 0.47) });

  const value = (text: string) => fit(text, 330, (s) => font.widthOfTextAtSize(s, 10.5));
  const rows: [string, string][] = [
    [t.name, value(d.name)],
    [t.id, d.maskedId],
    [t.eid, d.clientIdentificator.slice(0, 32)],
    ['', d.clientIdentificator.slice(32)],
    [t.method, t.methods[d.method]],
    [t.reason, value(d.reason)],
    [t.issued, `${d.issuedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`],
    [t.issuer, value(t.issuerValue)],
  ];
  let y = 650;
  for (const [label, text] of rows) {
    if (label) page.drawText(label, { x: 50, y, size: 10.5, font: bold });
    page.drawText(text, { x: 215, y, size: 10.5, font });
    y -= 24;
  }
  page.drawLine({ start: { x: 50, y: y - 10 }, end: { x: 545, y: y - 10 }, thickness: 1, color: navy });
  page.drawText(t.seal, { x: 50, y: y - 34, size: 10, font });
  const bytes = await doc.save();
  return Buffer.from(bytes).toString('base64');
}
