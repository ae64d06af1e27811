/**
 * The bank's contract, generated per customer with pdf-lib, in Bulgarian with the English text
 * under each clause. The signature box drawn here is where the bank asks BORICA to put the visible
 * signature (`visualSignature`), so the two must agree. DejaVu Sans is embedded (subset) because the
 * standard PDF fonts have no Cyrillic.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const A4 = { width: 595.28, height: 841.89 };

/** Top-left origin, in PDF points, as the relay's `visualSignature` takes it (guide 3.1: imageXAxis/imageYAxis). */
export const SIGNATURE_BOX = { page: 1, x: 330, y: 640, width: 210, height: 80 };

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const fonts = Promise.all([readFile(fontFile('DejaVuSans.ttf')), readFile(fontFile('DejaVuSans-Bold.ttf'))]);
// Avoid an unhandled rejection at import time; the first contract reports the error.
fonts.catch(() => {});

/** One clause: a Bulgarian heading and text, then the English. */
type Clause = [heading: [bg: string, en: string], bg: string[], en: string[]];

function clauses(clientIdentificator: string): Clause[] {
  return [
    [
      ['1. Страни', '1. Parties'],
      [
        'Банка Витоша АД, бул. „Витоша“ 1, София („Банката“), и Клиентът,',
        'идентифициран отдалечено чрез BORICA B-Trust, с имената от удостоверението',
        'му за електронна идентичност и клиентски идентификатор:',
        `    ${clientIdentificator.slice(0, 32)}`,
        `    ${clientIdentificator.slice(32)}`,
      ],
      [
        'Vitosha Bank AD, 1 Vitosha Blvd, Sofia (the "Bank"), and the Customer identified',
        "remotely through BORICA B-Trust, named in the Customer's eID certificate, above.",
      ],
    ],
    [
      ['2. Предмет', '2. Subject'],
      [
        'Банката открива разплащателна сметка в лева на името на Клиента и предоставя',
        'онлайн банкиране и дебитна карта по своите общи условия и тарифа.',
      ],
      [
        'The Bank opens a current account in BGN in the name of the Customer and provides',
        'online banking and a debit card under its general terms and tariff.',
      ],
    ],
    [
      ['3. Идентификация и подпис', '3. Identification and signature'],
      [
        'Клиентът е идентифициран отдалечено (BORICA B-Trust, Регламент (ЕС) № 910/2014)',
        'и подписва договора с квалифициран електронен подпис.',
      ],
      [
        'The Customer was identified remotely (BORICA B-Trust, Regulation (EU) No 910/2014)',
        'and signs this contract with a qualified electronic signature.',
      ],
    ],
    [
      ['4. Такси', '4. Fees'],
      ['Поддръжка на сметката: 0,00 лв. месечно. Онлайн банкиране: безплатно.'],
      ['Account maintenance: BGN 0.00 per month. Online banking: free of charge.'],
    ],
  ];
}

export async function buildContract(opts: { contractNo: string; clientIdentificator?: string; date: Date }) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Договор за разплащателна сметка / Current account contract ${opts.contractNo}`);
  pdf.setAuthor('Vitosha Bank AD (fictional)');
  pdf.setLanguage('bg-BG');
  pdf.setCreationDate(opts.date);
  pdf.setModificationDate(opts.date);
  pdf.registerFontkit(fontkit);
  const [regular, boldBytes] = await fonts;
  const [font, bold] = await Promise.all([
    pdf.embedFont(regular, { subset: true }),
    pdf.embedFont(boldBytes, { subset: true }),
  ]);
  const page = pdf.addPage([A4.width, A4.height]);
  const ink = rgb(0.11, 0.16, 0.27);
  const grey = rgb(0.36, 0.4, 0.47);
  const accent = rgb(0.05, 0.42, 0.45);
  const fromTop = (y: number) => A4.height - y;

  page.drawRectangle({ x: 0, y: fromTop(70), width: A4.width, height: 70, color: accent });
  page.drawText('БАНКА ВИТОША · VITOSHA BANK', {
    x: 50,
    y: fromTop(42),
    size: 20,
    font: bold,
    color: rgb(1, 1, 1),
  });
  page.drawText('измислена банка – демо на borica-identify · a fictional bank, borica-identify demo', {
    x: 50,
    y: fromTop(58),
    size: 8.5,
    font,
    color: rgb(1, 1, 1),
  });

  let y = 112;
  const line = (text: string, o: { size?: number; bold?: boolean; grey?: boolean; gap?: number } = {}) => {
    const size = o.size ?? 10;
    page.drawText(text, {
      x: 50,
      y: fromTop(y),
      size,
      font: o.bold ? bold : font,
      color: o.grey ? grey : ink,
    });
    y += o.gap ?? size + 4;
  };
  line('ДОГОВОР ЗА РАЗПЛАЩАТЕЛНА СМЕТКА', { size: 16, bold: true, gap: 20 });
  line('CURRENT ACCOUNT CONTRACT', { size: 11, bold: true, grey: true, gap: 20 });
  line(`№ ${opts.contractNo}    София / Sofia, ${opts.date.toISOString().slice(0, 10)}`, { gap: 26 });
  for (const [[headingBg, headingEn], bg, en] of clauses(opts.clientIdentificator ?? '-')) {
    line(`${headingBg} · ${headingEn}`, { bold: true, size: 10.5, gap: 16 });
    for (const text of bg) line(text);
    y += 2;
    for (const text of en) line(text, { size: 9, grey: true });
    y += 12;
  }

  const box = SIGNATURE_BOX;
  const label = (text: string, x: number, top: number, o: { bold?: boolean; size?: number } = {}) =>
    page.drawText(text, { x, y: fromTop(top), size: o.size ?? 9.5, font: o.bold ? bold : font, color: ink });
  label('За Банката / For the Bank:', 50, box.y - 8, { bold: true });
  label('подписано електронно от Банката', 50, box.y + 20);
  label('signed electronically by the Bank', 50, box.y + 34);
  label('Подпис на Клиента / Customer signature:', box.x, box.y - 8, { bold: true });
  page.drawRectangle({
    x: box.x,
    y: fromTop(box.y + box.height),
    width: box.width,
    height: box.height,
    borderColor: accent,
    borderWidth: 1,
    borderDashArray: [4, 3],
  });
  page.drawText('подпишете тук · sign here', {
    x: box.x + 8,
    y: fromTop(box.y + box.height - 8),
    size: 8,
    font,
    color: rgb(0.6, 0.6, 0.6),
  });
  return pdf.save({ useObjectStreams: false });
}
