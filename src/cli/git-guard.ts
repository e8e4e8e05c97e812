import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { UserError, error } from '../diagnostics/diagnostic.js';

/**
 * Plaintext key material must never be one `git add .` away from a commit. Inside a git work tree,
 * a path git would not ignore is refused (unless --force) with the .gitignore line that fixes it.
 * Outside a work tree, or without git, there is nothing to check.
 */
export function refuseUnignoredPath(path: string, shown: string): void {
  const dir = nearestExisting(dirname(path));
  const root = git(['rev-parse', '--show-toplevel'], dir);
  if (root === null || root.status !== 0) return;
  const top = root.stdout.trim();
  const check = git(['check-ignore', '-q', '--no-index', path], dir);
  if (check === null || check.status === 0) return;
  const rel = relative(top, path).split(sep).join('/');
  const folder = rel.includes('/') ? `/${rel.slice(0, rel.lastIndexOf('/') + 1)}` : `/${basename(rel)}`;
  throw new UserError(
    error('cli.refused', `${shown} is inside the git work tree ${top} and git would not ignore it: one \`git add .\` would commit the plaintext key`, {
      detail: `Add the line \`${folder}\` to ${top}/.gitignore (or write the material outside the work tree), then run this again; --force writes it anyway.`,
    }),
  );
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

function git(args: string[], cwd: string): { status: number | null; stdout: string } | null {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  return r.error ? null : { status: r.status, stdout: r.stdout };
}
