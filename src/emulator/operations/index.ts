/** All operation handlers by operation name; every operation of the model has one. */
import { OPERATION_NAMES } from '../model.ts';
import { associationHandlers } from './associations.ts';
import { automationHandlers } from './automation.ts';
import { commandHandlers } from './commands.ts';
import type { Handler } from './handler.ts';
import { maintenanceWindowHandlers } from './maintenance-windows.ts';

export const handlers: Record<string, Handler> = {
  ...associationHandlers,
  ...automationHandlers,
  ...maintenanceWindowHandlers,
  ...commandHandlers,
};

// Fail at load time, not at the first call, if the model and the handlers drift apart.
for (const op of OPERATION_NAMES) {
  if (!handlers[op]) throw new Error(`ssm-emulator: no handler for ${op}`);
}
