// PLACEHOLDER — replaced by the module's owner.
import type { Command } from '../io.js';

export const sandboxCommand: Command = async (_argv, io) => {
  io.stderr('reconcile sandbox: not implemented yet\n');
  return 1;
};
