export { generatePki, generatePkiAsync, type Pki } from './generate.ts';
export { type PkiFiles, writePki } from './write.ts';
