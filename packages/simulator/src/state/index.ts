export { Store } from './store.ts';
export type * from './types.ts';
