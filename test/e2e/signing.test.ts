/**
 * After a web identification, the bank's contract (pdf-lib, with a signature box) is signed with
 * B-Trust OTC and the bank's backend streams the signed PDF from the relay.
 */
import { readFile } from 'node:fs/promises';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audit } from './support/axe.ts';
import { pdfText } from './support/pdf.ts';
import { finishIdentification, finishSigning } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, consent, eventFired, outcome, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('signing the contract', () => {
  it('identify → sign the contract at BORICA → completed → download the signed PDF', async () => {
    const page = await (await stack.context()).newPage();
    // axe on each page of the flow, in Bulgarian (web-redirect.test.ts audits the English ones)
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await expect(audit(page)).resolves.toEqual([]);
    await consent(page);
    await finishIdentification(page, 'success');
    await outcome(page, 'completed');
    await expect(audit(page)).resolves.toEqual([]);
    await page.getByTestId('to-contract').click();
    await expect(audit(page)).resolves.toEqual([]);

    const original = await page.request.get(`${stack.demo.url}/open/contract/contract.pdf`);
    expect(original.headers()['content-type']).toBe('application/pdf');
    const originalBytes = await original.body();
    // the bank's contract is bilingual, Cyrillic as written
    const contractText = pdfText(originalBytes);
    expect(contractText).toContain('ДОГОВОР ЗА РАЗПЛАЩАТЕЛНА СМЕТКА');
    expect(contractText).toContain('CURRENT ACCOUNT CONTRACT');

    await page.getByTestId('sign-contract').click();
    await page.waitForURL(`${stack.demo.url}/open/contract`);
    await widget(page, 'borica-sign').locator('button[part~="primary"]').waitFor();
    await expect(audit(page)).resolves.toEqual([]);
    await consent(page, 'borica-sign');
    await finishSigning(page, 'sign');
    await page.waitForURL(`${stack.demo.url}/open/contract**`);
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    await snapshot(page, 'signed');
    await expect(audit(page)).resolves.toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByTestId('download-signed').click();
    const file = await (await download).path();
    const signed = await readFile(file);
    expect(signed.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.compare(signed, originalBytes)).not.toBe(0);
    const [before, after] = await Promise.all([PDFDocument.load(originalBytes), PDFDocument.load(signed)]);
    expect(after.getPageCount()).toBe(before.getPageCount());
    // the same contract, now marked signed by B-Trust OTC (the visible signature sits in the bank's box)
    expect(after.getTitle()).toBe(before.getTitle());
    expect(before.getKeywords() ?? '').not.toContain('signed');
    expect(after.getKeywords()).toContain('signed');
    expect(after.getSubject()).toMatch(/Signed with B-Trust OTC/);
    // the visible signature (filled box) sits exactly on the bank's dashed "sign here" box:
    // visualSignature {x: 330, y: 640 from the top, 210 × 80} on an A4 page → PDF origin (330, 121.89)
    expect(boxesAt(firstPageOps(before), 330, 121.89)).toBe(1);
    expect(boxesAt(firstPageOps(after), 330, 121.89)).toBe(2);
    expect(firstPageOps(after)).toContain('0.93 0.96 1 rg');
    // BORICA's visible signature is in the session's language (Bulgarian here), the name in Cyrillic
    expect(pdfText(signed)).toContain('Подписано от: Иван Петров Иванов');

    // the back office sees the signing completed, with the same document to download
    await page.goto(`${stack.demo.url}/backoffice`);
    const row = page.getByTestId('sessions').locator('tr', { hasText: 'account contract' });
    await expect(row.getByTestId('status').textContent()).resolves.toBe('completed');
    await row.locator('a').click();
    await page.getByTestId('timeline').waitFor();
    await expect(audit(page)).resolves.toEqual([]);
  });

  it('cancelling at the signing page ends the signing as cancelled', async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await consent(page);
    await finishIdentification(page, 'success');
    await outcome(page, 'completed');
    await page.goto(`${stack.demo.url}/open/contract`);
    await page.getByTestId('sign-contract').click();
    await consent(page, 'borica-sign');
    await finishSigning(page, 'cancel');
    await page.waitForURL(`${stack.demo.url}/open/contract**`);
    await outcome(page, 'ended');
    await eventFired(page, 'borica-cancel');
    await snapshot(page, 'signing-cancelled');
  });
});

/** The decoded drawing operators of a document's first page. */
function firstPageOps(doc: PDFDocument): string {
  const page = doc.getPage(0).node;
  const contents = page.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs
    .map((ref) => {
      const stream = doc.context.lookup(ref as PDFRef);
      if (!(stream instanceof PDFRawStream)) return '';
      return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    })
    .join('\n');
}

/** How many shapes are drawn with their origin at (x, y) (pdf-lib translates to a shape's corner). */
function boxesAt(ops: string, x: number, y: number): number {
  return [...ops.matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) cm/g)].filter(
    (m) => Math.abs(Number(m[1]) - x) < 0.01 && Math.abs(Number(m[2]) - y) < 0.01,
  ).length;
}
