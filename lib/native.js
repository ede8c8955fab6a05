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
  const loadFrom = (dir) => {
    try {
      return createRequire(bindingIn(dir))(bindingIn(dir))
    } catch (err) {
      throw nativeUnavailableError(err, dir)
    }
  }

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

// ---------------------------------------------------------------------------------------------
// When binding.js finds no binary that loads, its own error only suggests an npm bug. Say instead
// which platform this is, which ones have prebuilt binaries, and how to build one.

const ARCH_OF_TRIPLE = {
  x86_64: 'x64',
  aarch64: 'arm64',
  i686: 'ia32',
  armv7: 'arm',
  riscv64gc: 'riscv64',
  powerpc64le: 'ppc64',
  s390x: 's390x',
  loongarch64: 'loong64',
}

/** napi-rs's platform name of a Rust target triple: x86_64-unknown-linux-gnu -> linux-x64-gnu. */
function platformOfTriple(triple) {
  const parts = triple.split('-')
  const arch = ARCH_OF_TRIPLE[parts[0]] || parts[0]
  const has = (word) => parts.includes(word)
  const system = has('darwin')
    ? 'darwin'
    : has('windows')
      ? 'win32'
      : has('android') || has('androideabi')
        ? 'android'
        : has('linux')
          ? 'linux'
          : has('freebsd')
            ? 'freebsd'
            : parts[parts.length - 1]
  const abi = parts.length === 4 ? parts[3] : has('androideabi') ? 'eabi' : null
  return [system, arch, abi].filter(Boolean).join('-')
}

/** The C library on Linux: `{ family: 'glibc', version }`, `{ family: 'musl' }` or `{ family: 'unknown' }`; null elsewhere. */
function detectLibc() {
  if (process.platform !== 'linux') return null
  try {
    if (process.report && typeof process.report.getReport === 'function') {
      const excludeNetwork = process.report.excludeNetwork
      process.report.excludeNetwork = true
      let report
      try {
        report = process.report.getReport()
      } finally {
        process.report.excludeNetwork = excludeNetwork
      }
      if (typeof report === 'string') report = JSON.parse(report)
      if (report && report.header && report.header.glibcVersionRuntime) return { family: 'glibc', version: report.header.glibcVersionRuntime }
      if (report && Array.isArray(report.sharedObjects) && report.sharedObjects.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))) {
        return { family: 'musl' }
      }
    }
  } catch {
    // fall through to the file check
  }
  try {
    if (require('node:fs').readFileSync('/usr/bin/ldd', 'utf8').includes('musl')) return { family: 'musl' }
  } catch {
    // no ldd to read
  }
  return { family: 'unknown' }
}

/** This process's platform in napi-rs's naming (linux-x64-gnu, darwin-arm64, win32-x64-msvc), with what it was made of. */
function detectPlatform() {
  const { platform, arch } = process
  const libc = detectLibc()
  let abi = null
  if (platform === 'win32') abi = 'msvc'
  else if (libc && libc.family !== 'unknown') abi = (libc.family === 'musl' ? 'musl' : 'gnu') + (arch === 'arm' ? 'eabihf' : '')
  const details = [`process.platform "${platform}"`, `process.arch "${arch}"`]
  if (libc) details.push(libc.family === 'glibc' ? `glibc ${libc.version}` : libc.family === 'musl' ? 'musl libc' : 'libc not detected')
  return { name: [platform, arch, abi].filter(Boolean).join('-'), details, libc }
}

/** The first line of each message along an error's `cause` chain, oldest first. */
function causeMessages(err) {
  const messages = []
  for (let e = err, depth = 0; e && depth < 20; e = e.cause, depth++) {
    const message = typeof e.message === 'string' ? e.message : String(e)
    messages.unshift(message.split('\n')[0].trim())
  }
  return messages
}

/** The error for a binding.js that loaded no binary; the original stays as `cause`. */
function nativeUnavailableError(original, dir) {
  const fs = require('node:fs')
  const path = require('node:path')
  let pkg = {}
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  } catch {
    // the list of targets stays unknown
  }
  const name = pkg.name || PACKAGE_NAME
  const targets = (pkg.napi && Array.isArray(pkg.napi.targets) && pkg.napi.targets) || []
  const supported = targets.map(platformOfTriple)
  const detected = detectPlatform()

  const lines = [
    `${name}${pkg.version ? '@' + pkg.version : ''}: no native binary loads on this platform, ${detected.name} (${detected.details.join(', ')}).`,
    `Prebuilt binaries exist for: ${supported.length ? supported.join(', ') : '(unknown: no napi.targets in package.json)'}.`,
  ]
  if (supported.includes(detected.name)) {
    lines.push(
      `This platform is one of them, so its binary is missing or did not load. It comes in the optional dependency ` +
        `${name}-${detected.name}: reinstall without omitting optional dependencies (no --omit=optional or --no-optional), ` +
        `and do not reuse a node_modules or a lockfile made on another platform.` +
        (detected.libc && detected.libc.family === 'glibc' ? ' The published Linux binaries need glibc 2.17 or newer.' : ''),
    )
  } else {
    lines.push('This platform is not one of them.')
  }
  const reasons = causeMessages(original.cause).slice(0, 6)
  if (reasons.length) lines.push(`Load attempts: ${reasons.join(' | ')}`)
  lines.push(
    'To build the binary from source (needs a Rust toolchain, https://rustup.rs): in a checkout of the package repository run ' +
      '`npm ci && npm run build`, then install that checkout (npm pack, then npm install the tarball), or set ' +
      'NAPI_RS_NATIVE_LIBRARY_PATH to the built .node file. See docs/releasing.md in the repository.',
  )
  const error = new Error(lines.join('\n'))
  // Assigned rather than passed as an option, like binding.js does.
  error.cause = original
  error.code = 'OCTAVUS_NATIVE_UNAVAILABLE'
  return error
}

module.exports = loadNative()
