import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      'bench/out/**',
      'test/.work/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Action code talks to the runner only through @pipeline-kit/action-runtime; packages never do.
    files: ['packages/**/*.ts', 'actions/*/src/**/*.ts'],
    ignores: ['packages/action-runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The workflow parser and expression evaluator are libraries, not the runner's toolkit.
              group: ['@actions/*', '!@actions/workflow-parser', '!@actions/expressions'],
              message: 'Only packages/action-runtime imports @actions/*.',
            },
          ],
        },
      ],
    },
  },
)
