export { type CertificateData, eidCertificatePdf } from './certificate.ts';
export { embedTextFont } from './fonts.ts';
export { pdfPageCount, signPdf } from './sign.ts';
