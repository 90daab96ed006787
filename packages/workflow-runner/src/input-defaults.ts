import { evaluateText, type EvaluationScope } from './expression-evaluator'

/**
 * The named-values an action.yml input default may use: the runner's action schema
 * (action_yaml.json, `input-default-context`) allows these and `hashFiles`, nothing else.
 */
export const INPUT_DEFAULT_CONTEXTS = ['github', 'strategy', 'matrix', 'job', 'runner'] as const

/**
 * Evaluates an action.yml input default as the runner's ActionManifestManager
 * (EvaluateDefaultInput) does: with the step's contexts restricted to the input-default
 * context, `${{ }}` through GitHub's evaluator, the result as text. Used by the local
 * runner and the test harness alike.
 */
export function evaluateInputDefault(text: string, scope: EvaluationScope): string {
  const contexts = Object.fromEntries(
    INPUT_DEFAULT_CONTEXTS.filter((name) => name in scope.contexts).map((name) => [
      name,
      scope.contexts[name]!,
    ]),
  )
  return evaluateText(text, { contexts, hashFiles: scope.hashFiles })
}
