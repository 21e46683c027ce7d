import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated from openapi/openapi.json by `npm run client` (a test fails when they drift); vendor/
  // holds a dependency shim, CommonJS as npm installs it (docs/design.md).
  {
    ignores: [
      'dist/',
      'clients/typescript/dist/',
      'node_modules/',
      'coverage/',
      'clients/typescript/src/schema.ts',
      'clients/hey-api/',
      'vendor/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The server logs through pino; console output would bypass levels and redaction.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The start and build scripts run on Node as plain modules.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
  },
  {
    // Example scripts (and the ones compiled against generated SDKs) are command-line programs: their output is the point.
    files: ['examples/**/*.ts', 'tests/fixtures/sdk-scripts/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
