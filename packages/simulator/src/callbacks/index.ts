export { CallbackSender, type CallbackEntry, type CallbackLog } from './sender.ts';
export { identificationCallback, signingCallback } from './bodies.ts';
