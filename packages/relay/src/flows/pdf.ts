/** PDFs the relay accepts: a caller's documents to sign, and the provider's certificates and signed copies. */
import { SigningApiError } from '../provider/index.ts';

export function isPdf(bytes: Uint8Array): boolean {
  return (
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(5, bytes.length)).toString('latin1') === '%PDF-'
  );
}

/**
 * The bytes of a base64 PDF from a provider answer. A missing or non-PDF result is a malformed answer
 * (logged by code, retried by the poller), never a completed session without its document.
 */
export function providerPdf(
  operation: 'getWebIdentificationResults' | 'getSignResults' | 'getIdentificationResult',
  base64: string | undefined,
  what: string,
): Buffer {
  const bytes = base64 ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
  if (!isPdf(bytes)) {
    throw new SigningApiError({
      code: 'BORICA_MALFORMED_RESPONSE',
      operation,
      message: `the answer has no PDF ${what}`,
    });
  }
  return bytes;
}
