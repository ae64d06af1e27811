/**
 * Throwaway PKI for the simulator: a CA, the API's server certificate, the relying party's client
 * certificate (PEM and PKCS#12), a client certificate from a foreign CA and an expired one.
 * Keys come from node:crypto (native, fast); node-forge builds the certificates and the PKCS#12.
 */
import { generateKeyPair, generateKeyPairSync, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface Pki {
  /** The simulator's CA: trust it to reach the API; it also issues the client certificate. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** The relying party's client certificate, issued by `caCert`. */
  clientCert: string;
  clientKey: string;
  /** The same client certificate and key as PKCS#12, with the CA chain. */
  clientPfx: Buffer;
  clientPfxPassphrase: string;
  /** A client certificate from another CA: the API must refuse it. */
  foreignClientCert: string;
  foreignClientKey: string;
  /** Issued by `caCert` but already expired: the API must refuse it. */
  expiredClientCert: string;
  expiredClientKey: string;
}

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  privatePem: string;
}

const DAY = 24 * 60 * 60 * 1000;

const KEY_OPTIONS = {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
} as const;

function toKeyPair(privateKey: string): KeyPair {
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { privateKey: forgeKey, publicKey, privatePem: privateKey };
}

function serial(): string {
  // A positive serial: clear the top bit so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

interface CertSpec {
  subject: string;
  keys: KeyPair;
  issuer?: { cert: forge.pki.Certificate; keys: KeyPair };
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

function makeCert(spec: CertSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const subject = [
    { name: 'commonName', value: spec.subject },
    { name: 'organizationName', value: 'BORICA simulator (not a real CA)' },
    { name: 'countryName', value: 'BG' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : subject);
  cert.setExtensions(spec.extensions);
  cert.sign((spec.issuer?.keys ?? spec.keys).privateKey, forge.md.sha256.create());
  return cert;
}

function makeCa(name: string, keys: KeyPair, now: number): { cert: forge.pki.Certificate; keys: KeyPair } {
  const cert = makeCert({
    subject: name,
    keys,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  return { cert, keys };
}

function clientExtensions(): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ];
}

/** A fresh PKI (a second or two: four RSA 2048 keys). Nothing is cached or written to disk. */
export function generatePki(): Pki {
  const keys = Array.from({ length: 4 }, () => generateKeyPairSync('rsa', KEY_OPTIONS).privateKey);
  return buildPki(keys);
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** As `generatePki`, with the keys generated in parallel off the main thread. */
export async function generatePkiAsync(): Promise<Pki> {
  const pairs = await Promise.all(Array.from({ length: 4 }, () => generateKeyPairAsync('rsa', KEY_OPTIONS)));
  return buildPki(pairs.map((p) => p.privateKey));
}

function buildPki(privatePems: string[]): Pki {
  const [caKeys, foreignCaKeys, serverKeys, clientKeys] = privatePems.map(toKeyPair) as [
    KeyPair,
    KeyPair,
    KeyPair,
    KeyPair,
  ];
  const now = Date.now();
  const ca = makeCa('BORICA Simulator Root CA', caKeys, now);
  const foreignCa = makeCa('Some Other CA', foreignCaKeys, now);

  const serverCert = makeCert({
    subject: 'localhost',
    keys: serverKeys,
    issuer: ca,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });

  const clientCert = makeCert({
    subject: 'Relying party (simulator client)',
    keys: clientKeys,
    issuer: ca,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: clientExtensions(),
  });

  // Other certificates reuse keys: only the issuer and the dates make them invalid.
  const foreignKeys = serverKeys;
  const foreignCert = makeCert({
    subject: 'Relying party (foreign CA)',
    keys: foreignKeys,
    issuer: foreignCa,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: clientExtensions(),
  });

  const expiredCert = makeCert({
    subject: 'Relying party (expired)',
    keys: clientKeys,
    issuer: ca,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now - DAY),
    extensions: clientExtensions(),
  });

  const clientPfxPassphrase = randomBytes(12).toString('base64url');
  const p12 = forge.pkcs12.toPkcs12Asn1(clientKeys.privateKey, [clientCert, ca.cert], clientPfxPassphrase, {
    algorithm: '3des',
    friendlyName: 'relying-party',
  });
  const clientPfx = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');

  const pem = forge.pki.certificateToPem;
  return {
    caCert: pem(ca.cert),
    serverCert: pem(serverCert),
    serverKey: serverKeys.privatePem,
    clientCert: pem(clientCert),
    clientKey: clientKeys.privatePem,
    clientPfx,
    clientPfxPassphrase,
    foreignClientCert: pem(foreignCert),
    foreignClientKey: foreignKeys.privatePem,
    expiredClientCert: pem(expiredCert),
    expiredClientKey: clientKeys.privatePem,
  };
}
