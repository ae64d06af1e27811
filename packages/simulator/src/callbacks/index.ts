export { identificationCallback, signingCallback } from './bodies.ts';
export { type CallbackEntry, type CallbackLog, CallbackSender } from './sender.ts';
