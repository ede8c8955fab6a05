'use strict'
// Public entry (CommonJS). The package's JavaScript ships as one file, dist/index.js, bundled
// from lib/ by scripts/bundle.js (part of `npm run build`): Node loads one file instead of about
// thirty, which is most of the cost of requiring the package (docs/performance.md, "Import").
//
// The bundle is bound to a variable before it is exported: `module.exports = require(…)` would
// make Node's ESM loader (index.mjs imports this file) lex the whole bundle for re-exports.

let sdk
try {
  sdk = require('./dist/index.js')
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).startsWith("Cannot find module './dist/index.js'")) {
    throw new Error('@octavus-rs/server-sdk: dist/index.js is missing; build the package first (npm run build)', { cause: err })
  }
  throw err
}
module.exports = sdk
