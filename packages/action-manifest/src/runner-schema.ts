/**
 * GitHub's runner reads action.yml against a template schema (actions/runner,
 * src/Runner.Worker/action_yaml.json, loaded by ActionManifestManager) before it runs
 * anything. This is that schema, in the runner's own shape, so the reader applies the
 * same rules: which keys exist, which values may hold `${{ }}`, and which named-values
 * and functions (`name(min,max)`) each of them may use. A definition without `context`
 * inherits its parent's; a value whose context is empty (name, description, input
 * descriptions, runs.using, runs.main …) refuses every named-value.
 *
 * Composite steps follow the runner's current run-step/uses-step split (with `if` and
 * `continue-on-error`), as @actions/workflow-parser publishes it in action-v1.0.json;
 * runner-schema.test.ts holds the two side by side.
 */

export interface PropertyDefinition {
  readonly type: string
  readonly required?: boolean
}

export interface SchemaDefinition {
  readonly context?: readonly string[]
  readonly mapping?: {
    readonly properties?: Readonly<Record<string, string | PropertyDefinition>>
    readonly 'loose-key-type'?: string
    readonly 'loose-value-type'?: string
  }
  readonly sequence?: { readonly 'item-type': string }
  readonly string?: { readonly 'require-non-empty'?: boolean }
  readonly boolean?: Record<string, never>
  readonly number?: Record<string, never>
  readonly null?: Record<string, never>
  readonly 'one-of'?: readonly string[]
}

const stepContext = [
  'github',
  'inputs',
  'strategy',
  'matrix',
  'steps',
  'job',
  'runner',
  'env',
  'hashFiles(1,255)',
]

/** The runner's built-in definitions (TemplateSchema): null, boolean, number, string, sequence, mapping, any. */
const builtIn: Record<string, SchemaDefinition> = {
  null: { null: {} },
  boolean: { boolean: {} },
  number: { number: {} },
  string: { string: {} },
  sequence: { sequence: { 'item-type': 'any' } },
  mapping: { mapping: { 'loose-key-type': 'string', 'loose-value-type': 'any' } },
  any: { 'one-of': ['null', 'boolean', 'number', 'string', 'sequence', 'mapping'] },
}

/** The definitions of action_yaml.json. */
export const actionSchema: Readonly<Record<string, SchemaDefinition>> = {
  ...builtIn,
  'action-root': {
    mapping: {
      properties: {
        name: 'string',
        description: 'string',
        inputs: 'inputs',
        runs: 'runs',
        outputs: 'outputs',
      },
      'loose-key-type': 'non-empty-string',
      'loose-value-type': 'any',
    },
  },
  inputs: { mapping: { 'loose-key-type': 'non-empty-string', 'loose-value-type': 'input' } },
  input: {
    mapping: {
      properties: { default: 'input-default-context' },
      'loose-key-type': 'non-empty-string',
      'loose-value-type': 'any',
    },
  },
  outputs: { mapping: { 'loose-key-type': 'non-empty-string', 'loose-value-type': 'output-definition' } },
  'output-definition': { mapping: { properties: { description: 'string', value: 'output-value' } } },
  runs: { 'one-of': ['container-runs', 'node12-runs', 'plugin-runs', 'composite-runs'] },
  'container-runs': {
    mapping: {
      properties: {
        using: 'non-empty-string',
        image: 'non-empty-string',
        entrypoint: 'non-empty-string',
        args: 'container-runs-args',
        env: 'container-runs-env',
        'pre-entrypoint': 'non-empty-string',
        'pre-if': 'non-empty-string',
        'post-entrypoint': 'non-empty-string',
        'post-if': 'non-empty-string',
      },
    },
  },
  'container-runs-args': { sequence: { 'item-type': 'container-runs-context' } },
  'container-runs-env': {
    context: ['inputs'],
    mapping: { 'loose-key-type': 'non-empty-string', 'loose-value-type': 'string' },
  },
  'node12-runs': {
    mapping: {
      properties: {
        using: 'non-empty-string',
        main: 'non-empty-string',
        pre: 'non-empty-string',
        'pre-if': 'non-empty-string',
        post: 'non-empty-string',
        'post-if': 'non-empty-string',
      },
    },
  },
  'plugin-runs': { mapping: { properties: { plugin: 'non-empty-string' } } },
  'composite-runs': { mapping: { properties: { using: 'non-empty-string', steps: 'composite-steps' } } },
  'composite-steps': { sequence: { 'item-type': 'composite-step' } },
  'composite-step': { 'one-of': ['run-step', 'uses-step'] },
  'run-step': {
    mapping: {
      properties: {
        name: 'string-steps-context',
        id: 'non-empty-string',
        if: 'step-if',
        run: { type: 'string-steps-context', required: true },
        env: 'step-env',
        'continue-on-error': 'boolean-steps-context',
        'working-directory': 'string-steps-context',
        shell: { type: 'string-steps-context', required: true },
      },
    },
  },
  'uses-step': {
    mapping: {
      properties: {
        name: 'string-steps-context',
        id: 'non-empty-string',
        if: 'step-if',
        uses: { type: 'non-empty-string', required: true },
        'continue-on-error': 'boolean-steps-context',
        with: 'step-with',
        env: 'step-env',
      },
    },
  },
  'container-runs-context': { context: ['inputs'], string: {} },
  'output-value': {
    context: ['github', 'strategy', 'matrix', 'steps', 'inputs', 'job', 'runner', 'env'],
    string: {},
  },
  'input-default-context': {
    context: ['github', 'strategy', 'matrix', 'job', 'runner', 'hashFiles(1,255)'],
    string: {},
  },
  'non-empty-string': { string: { 'require-non-empty': true } },
  'string-steps-context': { context: stepContext, string: {} },
  'boolean-steps-context': { context: stepContext, boolean: {} },
  'step-if': {
    context: [
      'github',
      'inputs',
      'strategy',
      'matrix',
      'steps',
      'job',
      'runner',
      'env',
      'always(0,0)',
      'failure(0,0)',
      'cancelled(0,0)',
      'success(0,0)',
      'hashFiles(1,255)',
    ],
    string: {},
  },
  'step-env': {
    context: stepContext,
    mapping: { 'loose-key-type': 'non-empty-string', 'loose-value-type': 'string' },
  },
  'step-with': {
    context: stepContext,
    mapping: { 'loose-key-type': 'non-empty-string', 'loose-value-type': 'string' },
  },
}

/** The root definition the runner reads action.yml with. */
export const ACTION_ROOT = 'action-root'
