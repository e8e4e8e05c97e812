/** What a command module gets from the CLI entry: where to print, where it runs, its environment. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colour of the plan and report). */
  isTTY: boolean;
  /** True when stderr is a terminal: logs and progress, which go there, follow it. */
  errIsTTY?: boolean;
}

/** A command module: parses its own argv (after the command words) and returns the exit code. */
export type Command = (argv: string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
  };
}
