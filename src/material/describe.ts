import type { MaterialSource } from '../core/types.js';

/** Arguments shown of a command source; later ones may carry paths or tokens, so they are elided. */
const SHOWN_ARGS = 3;

const SHOWN_ARG_CHARS = 40;

function clip(arg: string): string {
  return arg.length > SHOWN_ARG_CHARS ? `${arg.slice(0, SHOWN_ARG_CHARS)}...` : arg;
}

/**
 * A human description of where material comes from ("file material/x.bin", "env PAYMENTS_KEY",
 * "command vault kv get ..."), used as the subject of every material diagnostic. Never content.
 */
export function describeSource(source: MaterialSource): string {
  switch (source.type) {
    case 'file':
      return `file ${source.path}${source.encoding === 'raw' ? '' : ` (${source.encoding})`}`;
    case 'env':
      return `env ${source.name}`;
    case 'command': {
      const shown = source.argv.slice(0, SHOWN_ARGS).map(clip).join(' ');
      return `command ${shown}${source.argv.length > SHOWN_ARGS ? ' ...' : ''}`;
    }
  }
}
