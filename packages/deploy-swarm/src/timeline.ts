// The swarm provider records its steps on the same timeline as the other providers.
export {
  Timeline,
  renderTimeline as renderSwarmTimeline,
  type TimelineEntry,
  type StepOutcome as TimelineOutcome,
} from '@pipeline-kit/deployments'
