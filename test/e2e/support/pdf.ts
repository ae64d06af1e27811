/** A PDF's text as a reader's search or copy-paste sees it (poppler's pdftotext; scripts/setup installs it). */
import { execFileSync } from 'node:child_process';

export function pdfText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes })
    .toString('utf8')
    .replace(/\s+/g, ' ');
}
