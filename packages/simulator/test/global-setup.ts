import type { TestProject } from 'vitest/node';
import { generatePkiAsync } from '../src/pki/generate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared PKI, with clientPfx as base64 (provided values must be serialisable). */
    pki: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const pki = await generatePkiAsync();
  project.provide('pki', { ...pki, clientPfx: pki.clientPfx.toString('base64') });
}
