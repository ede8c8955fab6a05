// AVA settings for `npm run test:fast`: package.json's "ava" settings without the specs that
// build or pack (a real `next build`, tsc over the type tests, `npm pack` + install). Runs
// against the .node already built; `npm test` still runs every spec.
import { readFileSync } from 'node:fs'

const { ava } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

export default {
  ...ava,
  files: [...ava.files, '!__test__/nextjs-build.spec.js', '!__test__/types.spec.js', '!__test__/package.spec.js'],
}
