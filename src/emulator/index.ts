/** Public API of the local SSM (and STS) emulator. */
export { startEmulator, type Emulator, type EmulatorOptions } from './server.ts';
export { createManualClock, type Clock, type ManualClock } from './clock.ts';
export type { FaultRule } from './faults.ts';
export { busiestSecond, type CallRecord } from './call-log.ts';
export type { Dataset } from './dataset.ts';
export type { Estate, EstateLocation, EstateRole } from './estate.ts';
export { emptyDataset } from './dataset.ts';
export { STEP_EXECUTIONS_INLINE_CAP } from './operations/automation.ts';
