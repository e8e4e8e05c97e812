import { checkCompatibility, defaultWrapping } from '../../wrapping/index.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/**
 * Wrapping algorithm x wrapping key spec x key spec x provider (x region class) must be in the
 * compatibility matrix: providers refuse the others only at import time (AWS: ValidationException).
 */
export const wrappingRule: Rule = {
  name: 'wrapping-compatibility',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider, origins }) => {
      const verdict = checkCompatibility({
        provider: provider.type,
        regionClass: provider.regionClass,
        keySpec: key.keySpec,
        algorithm: key.wrapping.algorithm,
        wrappingKeySpec: key.wrapping.keySpec,
      });
      if (verdict.ok) return [];
      const fallback = defaultWrapping(provider.type, provider.regionClass, key.keySpec);
      return [problemAt(ctx, 'wrapping.incompatible', [...origins.wrapping], verdict.reason,
        `Key \`${key.name}\` (${key.keySpec} on ${provider.type} provider \`${provider.name}\`) would be refused at import. ` +
          `The built-in choice is ${fallback.algorithm} with ${fallback.keySpec}.`)];
    });
  },
};

/**
 * In-place rotation (ImportType NEW_KEY_MATERIAL + RotateKeyOnDemand) exists only for AWS
 * symmetric keys (and the local simulator, which behaves like AWS); `materials:` and
 * `removableMaterials:` mean nothing without it.
 */
export const inPlaceRotationRule: Rule = {
  name: 'in-place-rotation',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider }) => {
      if (key.rotation !== 'in-place') {
        const stray = key.materials ? 'materials' : key.removableMaterials ? 'removableMaterials' : null;
        if (!stray) return [];
        return [problemAt(ctx, 'manifest.schema', ['keys', key.name, stray],
          `\`${stray}\` needs rotation: in-place`,
          'A new-key key has one material (`material:`); each rotation creates a new key. Add `rotation: in-place` (AWS symmetric keys) or use `material:`.')];
      }
      const supported = (provider.type === 'aws' || provider.type === 'local') && key.keySpec === 'SYMMETRIC_DEFAULT';
      if (supported) return [];
      return [problemAt(ctx, 'manifest.schema', ['keys', key.name, 'rotation'],
        `rotation: in-place is not available for ${key.keySpec} keys on ${provider.type}`,
        'Only AWS (and local) SYMMETRIC_DEFAULT keys can hold several materials. Use rotation: new-key.')];
    });
  },
};
