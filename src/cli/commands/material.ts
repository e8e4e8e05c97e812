// PLACEHOLDER — replaced by the module's owner.
import type { Command } from '../io.js';

export const materialCommand: Command = async (_argv, io) => {
  io.stderr('reconcile material: not implemented yet\n');
  return 1;
};
