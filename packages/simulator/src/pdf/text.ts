/**
 * pdf-lib's standard fonts encode WinAnsi only, so Cyrillic is transliterated (the official
 * Bulgarian system) rather than embedding a font: it keeps the PDFs small and fast to build.
 */
const BG: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
};

export function pdfText(value: string): string {
  let out = '';
  for (const ch of value) {
    const lower = ch.toLowerCase();
    const t = BG[lower];
    if (t !== undefined) {
      out += ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
    } else if (/[\x20-\x7e]/.test(ch)) {
      out += ch;
    } else {
      out += '?';
    }
  }
  return out;
}
