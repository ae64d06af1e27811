export { callbackBody, sendCallback } from './bodies.ts';
export { type CallbackEntry, type CallbackLog, CallbackSender } from './sender.ts';
