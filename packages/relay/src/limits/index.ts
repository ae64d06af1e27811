export { type ConnectionGuard, guardConnections, serverOptions } from './connections.ts';
