/**
 * Which state file the `local` and `sandbox` commands use: that of the manifest's local provider
 * instance. The manifest is read leniently (YAML only, no schema), so these commands work on a
 * manifest that does not validate yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import { DEFAULT_LOCAL_STATE } from './provider.js';

type Providers = Record<string, { type?: unknown; state?: unknown } | null | undefined>;

function readManifest(file: string): { providers: Providers; defaultProvider: unknown } {
  if (!existsSync(file)) return { providers: {}, defaultProvider: undefined };
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(error('manifest.yaml-syntax', `${file}: ${(e as Error).message.split('\n')[0]}`, { detail: 'Fix the YAML syntax.' }));
  }
  const d = (doc ?? {}) as { providers?: unknown; defaults?: { provider?: unknown } };
  const providers = d.providers && typeof d.providers === 'object' ? (d.providers as Providers) : {};
  return { providers, defaultProvider: d.defaults?.provider };
}

const isLocal = (p: Providers[string]): boolean => typeof p === 'object' && p !== null && p.type === 'local';

/**
 * The chosen instance: `providerName` if given (it must be local; `local` always exists
 * implicitly), else `defaults.provider` if it is local, else the first local instance, else the
 * implicit one. Its `state` (default `.reconcile/local-state.json`) is resolved against the
 * manifest's directory. A missing manifest means the implicit instance.
 */
export function localStatePath(manifestFile: string, providerName?: string): string {
  const file = resolve(manifestFile);
  const { providers, defaultProvider } = readManifest(file);
  const locals = Object.entries(providers).filter(([, p]) => isLocal(p));
  let chosen: Providers[string];
  if (providerName !== undefined) {
    chosen = providers[providerName];
    if (!isLocal(chosen) && !(providerName === 'local' && chosen === undefined)) {
      throw new UserError(
        error('manifest.unknown-provider', `${file}: there is no local provider instance named "${providerName}"`, {
          detail: `Local instances: ${['local', ...locals.map(([n]) => n)].filter((v, i, a) => a.indexOf(v) === i).join(', ')}.`,
        }),
      );
    }
  } else if (typeof defaultProvider === 'string' && isLocal(providers[defaultProvider])) {
    chosen = providers[defaultProvider];
  } else {
    chosen = locals[0]?.[1];
  }
  const state = typeof chosen?.state === 'string' ? chosen.state : DEFAULT_LOCAL_STATE;
  return resolve(dirname(file), state);
}
