export { type CertificateData, eidCertificatePdf } from './certificate.ts';
export { pdfPageCount, signPdf } from './sign.ts';
export { pdfText } from './text.ts';
