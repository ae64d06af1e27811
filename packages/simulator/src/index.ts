export type { CallbackEntry, CallbackLog } from './callbacks/sender.ts';
export { DEFAULT_TIMING, type Timing } from './context.ts';
export type { SimulatorControl } from './control.ts';
export {
  DEFAULT_DIALECT,
  DIALECT_VALUES,
  type Dialect,
  DialectError,
  parseDialect,
  parseDialectFlag,
} from './dialect.ts';
export {
  type CallbackFaults,
  type Fault,
  type FaultControl,
  OPERATIONS,
  type OperationName,
} from './faults/faults.ts';
export { generatePki, generatePkiAsync, type Pki } from './pki/generate.ts';
export { type PkiFiles, writePki } from './pki/write.ts';
export { TEST_PERSON } from './scenarios/person.ts';
export { operationCount, type Simulator, type SimulatorOptions, startSimulator } from './simulator.ts';
