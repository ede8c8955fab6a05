'use strict'
// The native binding (binding.js, napi-rs's loader of the `.node` file), found without a
// require that a bundler would follow; exports the loaded binding.

const PACKAGE_NAME = '@octavus-rs/server-sdk'

/**
 * binding.js (napi-rs's loader of the `.node` file), always loaded by Node's own `require`.
 * Bundlers that compile this file into server chunks (Next.js with webpack or Turbopack)
 * cannot compile a `.node` file, so binding.js is never named in a require they follow.
 * Unbundled, it sits at the package root, one directory up from this file. Bundled, `__dirname`
 * no longer names this package, and the installed package is found from the app, under its own
 * name or the drop-in alias.
 */
function loadNative() {
  const { createRequire } = require('node:module')
  const path = require('node:path')
  const fs = require('node:fs')
  const bindingIn = (dir) => path.join(dir, 'binding.js')
  const loadFrom = (dir) => createRequire(bindingIn(dir))(bindingIn(dir))

  if (typeof __dirname === 'string') {
    const packageRoot = path.dirname(__dirname)
    if (fs.existsSync(bindingIn(packageRoot))) return loadFrom(packageRoot)
  }

  const { version } = require('../package.json')
  const resolvers = []
  // webpack: the require of the emitted chunk, which resolves from the app's build directory.
  if (typeof __non_webpack_require__ === 'function') resolvers.push(__non_webpack_require__)
  // Elsewhere (Turbopack): from the working directory, then from the started script.
  resolvers.push(createRequire(path.join(process.cwd(), 'package.json')))
  if (process.argv[1] && path.isAbsolute(process.argv[1])) resolvers.push(createRequire(process.argv[1]))
  const seen = new Set()
  for (const resolver of resolvers) {
    for (const name of [PACKAGE_NAME, '@octavus/server-sdk']) {
      let manifest
      try {
        manifest = resolver.resolve(`${name}/package.json`)
      } catch {
        continue
      }
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'))
      seen.add(`${manifest} (${pkg.name}@${pkg.version})`)
      const dir = path.dirname(manifest)
      if (pkg.name === PACKAGE_NAME && pkg.version === version && fs.existsSync(bindingIn(dir))) return loadFrom(dir)
    }
  }
  throw new Error(
    `${PACKAGE_NAME}@${version}: cannot locate its native binding from a bundled build ` +
      `(looked from ${process.cwd()}${seen.size ? '; found ' + [...seen].join(', ') : ''}). ` +
      `Keep the package out of the server bundle (Next.js: serverExternalPackages), which also makes ` +
      `standalone and serverless output copy it.`,
  )
}

module.exports = loadNative()
