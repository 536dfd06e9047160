// Lint rules of d.run Desktop: the recommended JavaScript and TypeScript
// rules, plus `drun/layers`, which reads folder names to keep each runtime
// in its lane (design.md §1, style.md point 1):
// - shared/ imports nothing but zod and other files of shared/;
// - renderer/ never imports main/;
// - main/ never imports renderer/;
// - only main/app/ imports electron (tests may import its types), and the sandboxed preload files import
//   nothing from Node.
import { builtinRules } from 'eslint/use-at-your-own-risk';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

// The rules that @eslint/js's "recommended" config turns on, read from ESLint
// itself so that no extra package is needed.
const recommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

/** Returns the repository path of the file an import names, or undefined for a package. */
function importedPath(fromFile, source) {
  if (!source.startsWith('.') && !source.startsWith('/')) return undefined;
  return relative(root, resolve(dirname(fromFile), source)).split(sep).join('/');
}

const PRELOAD_FILES = new Set(['main/app/preload.ts', 'main/app/preload-api.ts', 'main/app/ipc-channels.ts']);

/** Returns why `file` may not import `source`, or undefined when it may. */
function layerViolation(file, source, typeOnly) {
  const target = importedPath(file, source);
  const packageName = target === undefined ? source : undefined;
  const inside = (folder, path) => path === folder || path.startsWith(`${folder}/`);

  // Tests may borrow electron's types; at run time they replace it with vi.mock.
  if (packageName === 'electron' && !inside('main/app', file) && !(inside('test', file) && typeOnly)) {
    return 'only main/app imports electron';
  }
  if (inside('shared', file)) {
    if (packageName !== undefined && packageName !== 'zod' && !packageName.startsWith('zod/')) {
      return 'shared/ is plain TypeScript: it imports zod and nothing else';
    }
    if (target !== undefined && !inside('shared', target)) return 'shared/ imports only from shared/';
  }
  if (inside('renderer', file) && target !== undefined && inside('main', target)) {
    return 'renderer/ never imports main/; go through a contract in shared/';
  }
  if (inside('main', file) && target !== undefined && inside('renderer', target)) {
    return 'main/ never imports renderer/';
  }
  if (PRELOAD_FILES.has(file) && packageName !== undefined && packageName !== 'electron') {
    return 'the sandboxed preload can load only electron; bundle plain code instead';
  }
  return undefined;
}

const layers = {
  meta: { type: 'problem', docs: { description: 'Keep shared, main, renderer and the Electron shell in their own runtimes' }, schema: [] },
  create(context) {
    const file = relative(root, context.filename).split(sep).join('/');
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const reason = layerViolation(file, source.value, node.importKind === 'type' || node.exportKind === 'type');
      if (reason) context.report({ node: source, message: `'${source.value}' is not allowed here: ${reason}.` });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setImmediate'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['node_modules/', 'out/', 'dist/', '.cache/', 'test-results/', 'test/cluster/tools/'] },
  { files: ['**/*.{js,mjs,cjs,ts,tsx}'], rules: recommended },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    plugins: { drun: { rules: { layers } } },
    rules: {
      'drun/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
