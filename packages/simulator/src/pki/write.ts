import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Pki } from './generate.ts';

export interface PkiFiles {
  caCert: string;
  clientCert: string;
  clientKey: string;
  clientPfx: string;
  /** The PKCS#12 passphrase, in a file of its own (mode 0600). */
  clientPfxPassphrase: string;
}

/** Writes what a relay needs to reach the simulator; returns the absolute file paths. Keys get mode 0600. */
export async function writePki(pki: Pki, dir: string): Promise<PkiFiles> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const files: PkiFiles = {
    caCert: join(root, 'ca.pem'),
    clientCert: join(root, 'client.pem'),
    clientKey: join(root, 'client-key.pem'),
    clientPfx: join(root, 'client.p12'),
    clientPfxPassphrase: join(root, 'client.p12.passphrase'),
  };
  await writeFile(files.caCert, pki.caCert);
  await writeFile(files.clientCert, pki.clientCert);
  await writeFile(files.clientKey, pki.clientKey, { mode: 0o600 });
  await writeFile(files.clientPfx, pki.clientPfx, { mode: 0o600 });
  await writeFile(files.clientPfxPassphrase, pki.clientPfxPassphrase, { mode: 0o600 });
  // writeFile's mode applies only on creation: tighten files that already existed.
  await Promise.all(
    [files.clientKey, files.clientPfx, files.clientPfxPassphrase].map((f) => chmod(f, 0o600)),
  );
  return files;
}
