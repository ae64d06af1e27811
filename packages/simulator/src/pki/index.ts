export { generatePki, generatePkiAsync, type Pki } from './generate.ts';
export { writePki, type PkiFiles } from './write.ts';
