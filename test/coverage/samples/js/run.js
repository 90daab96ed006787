// The c8 sample: plain Node, no test runner.
import { add, classify } from './src/math.js'
import { shout } from './src/text.js'

if (add(2, 2) !== 4 || classify(0) !== 'zero' || shout('a') !== 'A!') process.exit(1)
