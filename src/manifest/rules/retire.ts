import { CATALOG } from '../../catalog/index.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/** The deletion waiting period is whole days within the provider's window. */
export const retireRule: Rule = {
  name: 'retire-pending-window',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider, origins }) => {
      const days = key.retire.pendingWindowDays;
      const path = [...origins.retire, 'pendingWindow'];
      const { min, max } = CATALOG[provider.type].deletionWindowDays;
      if (!Number.isInteger(days)) {
        return [problemAt(ctx, 'manifest.duration', path, 'pendingWindow must be a whole number of days', `Write it in days, e.g. pendingWindow: ${Math.max(min, Math.round(days))}d.`)];
      }
      if (days < min || days > max) {
        return [problemAt(ctx, 'manifest.duration', path, `pendingWindow ${days}d is outside the deletion window of ${provider.type} (${min}-${max} days)`,
          `${provider.type} schedules key deletion ${min} to ${max} days ahead.`)];
      }
      return [];
    });
  },
};
