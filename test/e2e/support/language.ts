/** What language a page speaks to the customer: its `lang`, and any Cyrillic words in its visible text. */
import type { Page } from 'playwright-core';

/**
 * The page's text nodes, the widget's shadow roots included, without scripts, styles and elements that
 * declare another language themselves (the language switch, "Български", is meant to be in Bulgarian).
 * Form values are not text nodes: the test person's name typed into BORICA's form does not count.
 */
export async function cyrillicWords(page: Page): Promise<{ lang: string; cyrillic: string[] }> {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const words: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        words.push(...(node.textContent?.match(/[\u0400-\u04FF]+/g) ?? []));
        return;
      }
      if (node instanceof Element) {
        if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(node.tagName)) return;
        const own = node.getAttribute('lang');
        if (own && own !== lang) return;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(document.body);
    return { lang, cyrillic: words };
  });
}
