import { runAction } from '@pipeline-kit/action-runtime'

await runAction(async (gh) => {
  const url = gh.input.required('url')
  gh.setOutput('passed', url.length > 0)
})
