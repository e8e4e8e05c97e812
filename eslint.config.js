// Lint keeps the architecture (docs/architecture.md) true: which folder may import which, and a
// pure core. The dependency rule resolves each relative import to the src/ folder it lands in.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * Per layer (first folder under src/, or `providers/local`): `allow` lists the only layers it may
 * import (itself always), `deny` the layers it must not; `node` the node:* modules it may use
 * (absent = any), `packages: false` = no npm packages at all, a list = only those.
 */
const LAYERS = {
  core: { allow: ['diagnostics'], node: ['node:crypto'], packages: false },
  diagnostics: { allow: [], node: [], packages: false },
  catalog: { allow: ['core'], node: [], packages: false },
  // SM2 is the one algorithm Node's crypto cannot do: sm-crypto, loaded on first use through node:module's createRequire.
  wrapping: { allow: ['core', 'diagnostics'], node: ['node:crypto', 'node:util', 'node:module'], packages: ['sm-crypto'] },
  // The local adapter is the thin adapter over the simulator: the one provider that imports sim.
  'providers/local': { deny: ['cli', 'wire'] },
  providers: { deny: ['cli', 'sim', 'wire'] },
  sim: { deny: ['providers', 'cli', 'wire', 'engine'] },
  wire: { deny: ['providers', 'cli', 'engine'] },
  engine: { deny: ['cli'] },
  manifest: { deny: ['cli', 'engine'] },
};

function layerOf(file) {
  const rel = relative(SRC, file).split(sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  if (rel[0] === 'providers' && rel[1] === 'local') return 'providers/local';
  return rel[0];
}

/** The layer of an imported path: `providers/local` counts as `providers` when imported. */
function targetOf(file, spec) {
  const rel = relative(SRC, resolve(dirname(file), spec)).split(sep);
  return rel[0] === '..' ? null : rel[0];
}

const layersRule = {
  meta: { type: 'problem', schema: [], messages: { bad: '{{layer}} must not import {{what}} (docs/architecture.md, "Dependency rules")' } },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    const rule = layer && LAYERS[layer];
    if (!rule) return {};
    const own = layer.split('/')[0];
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      let bad = false;
      if (spec.startsWith('node:')) bad = rule.node !== undefined && !rule.node.includes(spec);
      else if (!spec.startsWith('.')) bad = rule.packages === false || (Array.isArray(rule.packages) && !rule.packages.includes(spec));
      else {
        const target = targetOf(file, spec);
        if (target !== null && target !== own) bad = rule.allow ? !rule.allow.includes(target) : rule.deny.includes(target);
      }
      if (bad) context.report({ node, messageId: 'bad', data: { layer: `src/${layer}`, what: spec } });
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

const architecture = { rules: { layers: layersRule } };

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'test/**', 'bin/**', 'deploy/**', 'examples/**'] },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    plugins: { architecture, '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'architecture/layers': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No enum: use a string-literal union or an `as const` table.' },
        { selector: 'ExportDefaultDeclaration', message: 'No default exports: name what a module exports.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The planner and its model are pure: time, environment and randomness come in as arguments.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core has no environment: pass what you need in.' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No enum: use a string-literal union or an `as const` table.' },
        { selector: 'ExportDefaultDeclaration', message: 'No default exports: name what a module exports.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/core has no clock: take `now` as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core has no clock: take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'src/core has no randomness.' },
        {
          // V8 gives each such object a hidden class of its own (docs/architecture.md); the planner makes them per key.
          selector: 'ObjectExpression > SpreadElement ~ Property',
          message: 'No properties after a spread in src/core ({ ...common, id }): write the object out, or put the spread last.',
        },
      ],
    },
  },
);
