// The dependency rule of docs/architecture.md, enforced: ui → machine → domain;
// effect modules (timeline, probes, notify, config, git, runbooks, postmortem writers, the drill world) → domain.
// In drills/ only the scenario and drill types, the schema and the service's behaviour rules are pure.
// Only cli.cts, services.ts and commands/ wire I/O in.
import tseslint from 'typescript-eslint';

const effects = [
  'undici',
  'simple-git',
  'lowdb',
  'lowdb/*',
  'node:fs',
  'node:fs/promises',
  'fs/promises',
  'node:child_process',
  'node:net',
  'node:tls',
  'node:http',
  'node:https',
  'node:os',
  'node:crypto',
  'node:dns',
  'fs',
  'child_process',
  'os',
];
const effectModules = [
  '**/timeline/**',
  '**/probes/**',
  '**/notify/**',
  '**/config/**',
  '**/git/**',
  '**/runbooks/**',
  '**/postmortem/write*',
  '**/drills/drill-*',
  '**/drills/load-*',
  '**/drills/lint-*',
  '**/drills/discover-*',
  '**/drills/certificates*',
  '**/drills/exit-hook*',
  // The same, as the pure files of drills/ would import them.
  './drill-*',
  './load-*',
  './lint-*',
  './discover-*',
  './certificates*',
  './exit-hook*',
  '**/services*',
  '**/commands/**',
  '**/session/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**'] },
  {
    files: ['src/**/*.{ts,tsx,cts}', 'test/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-debugger': 'error',
    },
  },
  {
    files: [
      'src/machine/**',
      'src/domain/**',
      'src/drills/score*.ts',
      'src/drills/report.ts',
      'src/drills/scenario.ts',
      'src/drills/scenario-schema.ts',
      'src/drills/behaviour.ts',
      'src/drills/drill.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: effects
            .filter((e) => !e.includes('*'))
            .map((name) => ({ name, message: 'machine/ and domain/ are pure: effects go through named actors and services.' })),
          patterns: [
            { group: [...effectModules, '**/ui/**', 'ink', 'react'], message: 'machine/ and domain/ must not depend on effects or UI.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Use the injected clock (pass `at`/`now` in).' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected clock (pass `at`/`now` in).' },
        { selector: "CallExpression[callee.name='Date']", message: 'Use the injected clock (pass `at`/`now` in).' },
        {
          selector: "MemberExpression[object.name='performance'][property.name='now']",
          message: 'Timing is I/O: measure outside machine/ and domain/.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Randomness makes replay differ: pass values in.',
        },
        { selector: 'ImportExpression', message: 'machine/ and domain/ load nothing at run time.' },
      ],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      // A dynamic import would slip past no-restricted-imports.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'ui/ imports statically, and only what the rule above allows.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: effects
            .filter((e) => !e.includes('*'))
            .map((name) => ({ name, message: 'ui/ renders state and sends events; effects live in their own modules.' })),
          patterns: [
            {
              group: [...effectModules, '**/session/*', '!**/session/types*'],
              message: 'ui/ must not import effect modules; it talks to the session through session/types.ts.',
            },
          ],
        },
      ],
    },
  },
);
