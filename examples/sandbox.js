#!/usr/bin/env node
'use strict'
// Makes a throwaway project in which `@octavus/server-sdk` is this repository's package (a
// node_modules link, as `npm install @octavus/server-sdk@file:<repo>` makes) and copies the
// Express and Next.js examples into it, so they run exactly as written.
//
//   node examples/sandbox.js [dir]      prints the directory and how to run the examples
//
// Inside this repository `@octavus/server-sdk` would resolve to the official package (a dev
// dependency used for comparisons), which is why the examples are run from a copy.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const REPO = path.resolve(__dirname, '..')
const EXAMPLES = ['express', 'nextjs']
/** Third-party packages the examples import, linked from the repository's node_modules. */
const LINKED_DEPENDENCIES = ['express']

/** Points `linkPath` at `target`; an existing link there is replaced, anything else is an error. */
function link(target, linkPath) {
  let existing = null
  try {
    existing = fs.lstatSync(linkPath)
  } catch {}
  if (existing) {
    if (!existing.isSymbolicLink()) throw new Error(`${linkPath} exists and is not a link; choose an empty directory`)
    fs.unlinkSync(linkPath)
  }
  fs.mkdirSync(path.dirname(linkPath), { recursive: true })
  // 'junction' makes directory links without extra rights on Windows; elsewhere it is ignored.
  fs.symlinkSync(target, linkPath, 'junction')
}

/**
 * Creates the sandbox. Options: `dir` (default: a new temporary directory).
 * Returns `{ dir, path(...segments), remove() }`.
 */
function createSandbox(options = {}) {
  const dir = options.dir ? path.resolve(options.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'octavus-examples-'))
  fs.mkdirSync(dir, { recursive: true })

  link(REPO, path.join(dir, 'node_modules', '@octavus', 'server-sdk'))
  for (const name of LINKED_DEPENDENCIES) {
    const installed = path.join(REPO, 'node_modules', name)
    if (!fs.existsSync(installed)) throw new Error(`${name} is not installed in ${REPO}; run npm install there first`)
    link(installed, path.join(dir, 'node_modules', name))
  }
  for (const name of EXAMPLES) {
    fs.cpSync(path.join(__dirname, name), path.join(dir, name), {
      recursive: true,
      filter: (source) => path.basename(source) !== 'node_modules',
    })
  }
  const manifest = {
    name: 'octavus-examples-sandbox',
    private: true,
    dependencies: { '@octavus/server-sdk': `file:${REPO}` },
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)

  return {
    dir,
    path: (...segments) => path.join(dir, ...segments),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

if (require.main === module) {
  const sandbox = createSandbox({ dir: process.argv[2] })
  console.log(`Sandbox ready: ${sandbox.dir}`)
  console.log(`  @octavus/server-sdk -> ${REPO}`)
  console.log('Run the Express example against a platform:')
  console.log(`  cd ${sandbox.dir} && OCTAVUS_API_URL=... OCTAVUS_API_KEY=... OCTAVUS_AGENT_ID=... node express/server.js`)
}

module.exports = { createSandbox }
