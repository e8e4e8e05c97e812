import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DAY_MS } from '../../core/specs.js';
import { formatDuration } from '../duration.js';
import { CATALOG } from '../../catalog/index.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/**
 * Expiring material must be renewable: renewBefore inside (0, validFor), and validFor within what
 * the provider accepts (AWS: ValidTo at most 365 days ahead).
 */
export const expirationRule: Rule = {
  name: 'expiration',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider, origins }): Diagnostic[] => {
      const e = key.expiration;
      if (e.model !== 'expires') return [];
      const at = origins.expiration;
      const validFor = [...at, 'validFor'];
      const renewBefore = [...at, 'renewBefore'];
      const out: Diagnostic[] = [];
      const max = CATALOG[provider.type].maxValidForDays;
      if (e.validForMs <= 0) {
        out.push(problemAt(ctx, 'manifest.expiration', validFor, 'validFor must be longer than 0', 'Material would expire the moment it is imported; use e.g. validFor: 365d.'));
      } else if (max !== null && e.validForMs > max * DAY_MS) {
        out.push(problemAt(ctx, 'manifest.expiration', validFor, `validFor ${formatDuration(e.validForMs)} is longer than ${provider.type} allows (${max}d)`,
          `${provider.type} refuses a ValidTo more than ${max} days ahead. Use validFor: ${max}d or less; the daemon re-imports before expiry.`));
      }
      if (e.renewBeforeMs <= 0) {
        out.push(problemAt(ctx, 'manifest.expiration', renewBefore, 'renewBefore must be longer than 0',
          'With renewBefore 0 the material is renewed only once it has expired and every decrypt fails; use e.g. renewBefore: 30d.'));
      } else if (e.validForMs > 0 && e.renewBeforeMs >= e.validForMs) {
        out.push(problemAt(ctx, 'manifest.expiration', renewBefore,
          `renewBefore ${formatDuration(e.renewBeforeMs)} must be shorter than validFor ${formatDuration(e.validForMs)}`,
          'Otherwise the material is due for renewal the moment it is imported and every run re-imports it.'));
      }
      return out;
    });
  },
};
