import type { Clock } from '../core/types.js';
import type { RegionClass } from '../core/specs.js';
import type { SimModel } from './model.js';
import type { WrappingKeySource } from './wrapping-keys.js';
import type { SimRules } from './rules.js';

/** What every operation module works on: the model plus who and when it is. */
export interface SimContext {
  readonly clock: Clock;
  accountId: string;
  region: string;
  regionClass: RegionClass;
  partition: string;
  readonly wrappingKeys: WrappingKeySource;
  model: SimModel;
  readonly rules: SimRules;
}
