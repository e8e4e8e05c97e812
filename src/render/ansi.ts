/** A tiny palette; every function is the identity when colour is off, so output stays plain text. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function paint(color: boolean): Paint {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, green: id, yellow: id, red: id, cyan: id };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39), cyan: wrap(36, 39) };
}

export type Hue = 'green' | 'yellow' | 'red' | 'cyan';
