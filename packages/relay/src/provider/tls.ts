/**
 * The relying party's mutual-TLS credentials: loaded once at start-up from PEM files or a PKCS#12
 * bundle, checked there (readable, parseable, key matches certificate, passphrase right), and
 * described for /readyz (days left before the client certificate expires).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { SigningApiConfigError } from './errors.ts';

export type TlsCredentials =
  | { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer }
  | { pfx: Buffer; passphrase?: string; ca?: string | Buffer };

export interface TlsFilePaths {
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  pfxFile?: string;
  passphrase?: string;
  /** Alternative to `passphrase`: a file holding it (trailing newline ignored). */
  passphraseFile?: string;
}

export interface CertificateInfo {
  notAfter: Date;
  notBefore: Date;
  subject: string;
  issuer: string;
  /** Whole days until `notAfter`; negative once expired. */
  daysLeft: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function read(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SigningApiConfigError(`${option} ${path}: cannot read (${code})`);
  }
}

/** Reads and checks the credentials; throws SigningApiConfigError naming the option at fault. */
export function loadTlsCredentials(paths: TlsFilePaths): TlsCredentials {
  const ca = paths.caFile ? read('caFile', paths.caFile) : undefined;
  if (ca) parseCertificate(ca, 'caFile');
  let creds: TlsCredentials;
  if (paths.pfxFile) {
    if (paths.certFile || paths.keyFile) {
      throw new SigningApiConfigError('give either pfxFile or certFile+keyFile, not both');
    }
    let passphrase = paths.passphrase;
    if (passphrase === undefined && paths.passphraseFile) {
      passphrase = read('passphraseFile', paths.passphraseFile)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    }
    creds = { pfx: read('pfxFile', paths.pfxFile), ...(passphrase !== undefined && { passphrase }) };
  } else if (paths.certFile && paths.keyFile) {
    creds = { cert: read('certFile', paths.certFile), key: read('keyFile', paths.keyFile) };
  } else if (paths.certFile || paths.keyFile) {
    throw new SigningApiConfigError(
      paths.certFile ? 'keyFile: required with certFile' : 'certFile: required with keyFile',
    );
  } else {
    throw new SigningApiConfigError('a client certificate is required: pfxFile, or certFile and keyFile');
  }
  if (ca) creds.ca = ca;
  checkCredentials(creds);
  return creds;
}

/** Throws SigningApiConfigError when the certificate, key or PKCS#12 bundle is unusable. */
export function checkCredentials(tls: TlsCredentials): void {
  if ('pfx' in tls) {
    pfxCertificate(tls);
    return;
  }
  const cert = parseCertificate(tls.cert, 'cert');
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(tls.key);
  } catch {
    throw new SigningApiConfigError('key: not a readable PEM private key (encrypted keys: use PKCS#12)');
  }
  if (!cert.checkPrivateKey(key)) {
    throw new SigningApiConfigError('key: does not belong to the client certificate');
  }
}

function parseCertificate(pem: string | Buffer, option: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new SigningApiConfigError(`${option}: not a readable PEM certificate`);
  }
}

function pfxCertificate(tls: { pfx: Buffer; passphrase?: string }): X509Certificate {
  let context: ReturnType<typeof createSecureContext>;
  try {
    context = createSecureContext({
      pfx: tls.pfx,
      ...(tls.passphrase !== undefined && { passphrase: tls.passphrase }),
    });
  } catch (e) {
    // OpenSSL says 'mac verify failure' for a wrong passphrase; say it in words.
    const wrongPass = /mac verify|password/i.test((e as Error).message);
    throw new SigningApiConfigError(
      wrongPass ? 'pfx: wrong passphrase' : 'pfx: not a readable PKCS#12 bundle with a certificate and key',
    );
  }
  // node:crypto cannot open PKCS#12 itself; OpenSSL's context has already, and hands the leaf back as DER.
  const der = (
    context as unknown as { context?: { getCertificate?: () => Buffer | null } }
  ).context?.getCertificate?.();
  if (!der) throw new SigningApiConfigError('pfx: the bundle holds no client certificate');
  return new X509Certificate(der);
}

/** The client certificate itself (the first one of a PEM chain, the leaf of a PKCS#12 bundle). */
export function clientCertificate(tls: TlsCredentials): X509Certificate {
  return 'pfx' in tls ? pfxCertificate(tls) : parseCertificate(tls.cert, 'cert');
}

/** What /readyz reports about the client certificate. */
export function certificateInfo(tls: TlsCredentials, now: Date = new Date()): CertificateInfo {
  return describe(clientCertificate(tls), now);
}

export function describe(cert: X509Certificate, now: Date = new Date()): CertificateInfo {
  const notAfter = new Date(cert.validTo);
  return {
    notAfter,
    notBefore: new Date(cert.validFrom),
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
  };
}
