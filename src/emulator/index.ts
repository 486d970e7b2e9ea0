/** Public API of the local SSM emulator. */
export { startEmulator, type Emulator, type EmulatorOptions } from './server.ts';
export type { FaultRule } from './faults.ts';
export type { CallRecord } from './call-log.ts';
export type { Dataset } from './dataset.ts';
export { emptyDataset } from './dataset.ts';
export { STEP_EXECUTIONS_INLINE_CAP } from './operations/automation.ts';
