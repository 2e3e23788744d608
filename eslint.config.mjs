import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      'dist-package/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      'bench/results/',
      'tests/host/build/',
      '.config/',
    ],
  },
  ...baseConfig,
  {
    // The simulator, tests, benchmarks and scripts are TypeScript too: lint them with the same
    // rules as src/ (create-plugin's config only matches src/**).
    files: ['simulator/**/*.ts', 'tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.node.json' } },
  },
  {
    // Benchmarks and scripts are command-line programs: printing tables is their job.
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The protocol is pure TypeScript shared by the browser and Node.
    files: ['src/protocol/**/*.ts'],
    ignores: ['src/protocol/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@grafana/|react|ws$|rxjs|node:|@emotion/)',
              message: 'src/protocol must stay pure: no Grafana, React, ws, rxjs or Node imports.',
            },
            { regex: '^\\.\\./', message: 'src/protocol imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    // The client runs in the browser and in Node: protocol, rxjs and a WebSocket-like interface only.
    files: ['src/client/**/*.ts'],
    // Test helpers (testing/) drive the client from outside, as tests do.
    ignores: ['src/client/**/*.test.ts', 'src/client/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@grafana/|react|ws$|node:|@emotion/)',
              message: 'src/client depends on protocol, rxjs and an injected WebSocket only.',
            },
            { regex: '^\\.\\./(?!protocol)', message: 'src/client may import ../protocol only.' },
          ],
        },
      ],
    },
  },
  {
    // Panels read data frames only (docs/architecture.md).
    files: ['src/panels/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(client|protocol|datasource|simulator)(/|$)',
              message: 'Panels read data frames only; never the client, protocol, data source or simulator.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine is a deterministic model: no I/O, no wall clock, no Math.random.
    files: ['simulator/engine/**/*.ts'],
    ignores: ['simulator/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|ws$|fs$|http$|net$|pino)', message: 'simulator/engine has no I/O.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'Math', property: 'random', message: 'Use the seeded generator.' },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate'],
    },
  },
  {
    // The plugin bundle carries no simulator code.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/protocol/**', 'src/client/**', 'src/panels/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)simulator/', message: 'src/ never imports simulator/.' },
            {
              regex: '(^|/)client/(?!index$).+',
              message: 'The data source imports the client only through its index (src/client/index.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The server owns its config type; the CLI (commands/, config/) produces it.
    files: ['simulator/server/**/*.ts'],
    ignores: ['simulator/server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(config|commands)(/|$)', message: 'simulator/server never imports the CLI modules.' },
          ],
        },
      ],
    },
  },
  {
    // The load tool and the bridge speak the protocol like any client: never through the server.
    files: ['simulator/load/**/*.ts', 'simulator/bridge/**/*.ts'],
    ignores: ['simulator/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./server(/|$)', message: 'The load tool and the bridge never import the server.' },
          ],
        },
      ],
    },
  },
]);
