// PLACEHOLDER — replaced by the module's owner.
import type { Command } from '../io.js';

export const localCommand: Command = async (_argv, io) => {
  io.stderr('reconcile local: not implemented yet\n');
  return 1;
};
