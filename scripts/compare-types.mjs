// Opt-in maintainer check (not part of `npm test`): compares the declarations of this package
// (index.d.ts) with the official @octavus/server-sdk 6.x declarations, name by name.
//
//   node scripts/compare-types.mjs <reference dir> [--verbose] [--json] [--ours <file.d.ts>]
//
// <reference dir> holds the official build: `server-sdk-*/index.d.ts` (which imports
// `@octavus/core` and `zod`) and `core-*/index.d.ts`; `@octavus/core` is mapped to the latter and
// `zod` to this repository's devDependency. A `server-sdk-*/index.mjs` next to the declarations,
// when present, tells which declared values the official really exports at runtime.
//
// For every name the official exports (its own and the `export * from '@octavus/core'` ones) the
// script asks the TypeScript compiler of this repository whether a value of the official type is
// assignable to ours ("official→ours": code written against the official compiles against ours)
// and the reverse ("ours→official"). What is compared:
//   - a type (interface, alias): the type itself; missing type arguments become `any`;
//   - a function or a constant: `typeof` it;
//   - a class: its instance type and its constructor (parameters, public statics), both reduced
//     to their public members, since private/protected members make TypeScript compare classes
//     by declaration rather than by shape. The members' own types are reduced two levels further
//     (an `OctavusClient`'s `agents`, what its `agentSessions.attach()` returns), for the same
//     reason; a method's overloads other than its last are not compared.
//
// Prints one table: both-way, one-way (with the direction that holds and, with --verbose, the
// compiler's reason for the other), neither, missing from ours, and the values the official
// declares but does not export at runtime (not counted as missing). Exit status 0 unless a name
// is missing, lacks members, or is compatible in neither direction. `--ours` compares another
// declaration file in place of index.d.ts (e.g. to see that the check notices a change).

import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const ts = require('typescript')

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const asJson = args.includes('--json')
const oursArg = args.indexOf('--ours')
const target = args.find((a, i) => !a.startsWith('--') && !(oursArg >= 0 && i === oursArg + 1))
if (!target) {
  console.error('usage: node scripts/compare-types.mjs <reference dir with server-sdk-*/ and core-*/> [--verbose] [--json] [--ours <file.d.ts>]')
  process.exit(2)
}

/** The folder under `dir` whose name starts with `prefix` and holds an index.d.ts. */
function findPackage(dir, prefix) {
  if (fs.existsSync(path.join(dir, 'index.d.ts')) && path.basename(dir).startsWith(prefix)) return dir
  for (const entry of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, entry)
    if (entry.startsWith(prefix) && fs.existsSync(path.join(full, 'index.d.ts'))) return full
  }
  return undefined
}

const refDir = path.resolve(target)
const sdkDir = findPackage(refDir, 'server-sdk')
const coreDir = findPackage(refDir, 'core') ?? (sdkDir && findPackage(path.dirname(sdkDir), 'core'))
if (!sdkDir || !coreDir) {
  console.error(`compare-types: ${refDir} should hold server-sdk-*/index.d.ts and core-*/index.d.ts`)
  process.exit(2)
}
const officialDts = path.join(sdkDir, 'index.d.ts')
const coreDts = path.join(coreDir, 'index.d.ts')
const oursDts = oursArg >= 0 ? path.resolve(args[oursArg + 1]) : path.join(repo, 'index.d.ts')
const zodDir = path.join(repo, 'node_modules', 'zod')
if (!fs.existsSync(path.join(zodDir, 'package.json'))) {
  console.error('compare-types: zod is not installed (npm ci installs it as a devDependency)')
  process.exit(2)
}

const CHECK_FILE = path.join(repo, '__compare_types__.ts') // served from memory, never written
const options = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  paths: {
    official: [officialDts],
    ours: [oursDts],
    '@octavus/core': [coreDts],
    zod: [zodDir],
    'zod/*': [path.join(zodDir, '*')],
  },
}

function makeProgram(checkSource) {
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (f) => path.resolve(f) === CHECK_FILE || fileExists.call(host, f)
  host.readFile = (f) => (path.resolve(f) === CHECK_FILE ? checkSource : readFile.call(host, f))
  host.getSourceFile = (f, lang, ...rest) =>
    path.resolve(f) === CHECK_FILE ? ts.createSourceFile(f, checkSource, lang, true) : getSourceFile.call(host, f, lang, ...rest)
  return ts.createProgram({ rootNames: [CHECK_FILE], options, host })
}

// ---------------------------------------------------------------------------
// 1. The exported names of each side, with what they are.
// ---------------------------------------------------------------------------

const listing = makeProgram("import type * as O from 'official'\nimport type * as U from 'ours'\nexport {}\n")
const checker = listing.getTypeChecker()

/** Exports of a declaration file: name -> { type, value, isClass, abstract, required type params }. */
function exportsOf(file) {
  const source = listing.getSourceFile(file)
  if (!source) throw new Error(`compare-types: could not load ${file}`)
  const moduleSymbol = checker.getSymbolAtLocation(source)
  const out = new Map()
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const f = symbol.flags
    const isClass = Boolean(f & ts.SymbolFlags.Class)
    const decls = symbol.declarations ?? []
    const typeDecl = decls.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d))
    const typeParams = typeDecl && typeDecl.typeParameters ? typeDecl.typeParameters.filter((p) => !p.default).length : 0
    const abstract = isClass && decls.some((d) => ts.isClassDeclaration(d) && (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Abstract) !== 0)
    out.set(exported.name, {
      type: Boolean(f & (ts.SymbolFlags.Type & ~ts.SymbolFlags.TypeParameter)),
      value: Boolean(f & ts.SymbolFlags.Value),
      isClass,
      abstract,
      typeParams,
    })
  }
  return out
}

const official = exportsOf(officialDts)
const ours = exportsOf(oursDts)

let runtimeNames
const runtimeEntry = path.join(sdkDir, 'index.mjs')
if (fs.existsSync(runtimeEntry)) {
  try {
    runtimeNames = new Set(Object.keys(await import(pathToFileURL(runtimeEntry).href)))
  } catch (err) {
    console.error(`compare-types: could not import ${runtimeEntry} (${err.message}); every declared value counts`)
  }
}

// ---------------------------------------------------------------------------
// 2. One assignment per line and direction; a diagnostic on a line means "not assignable".
// ---------------------------------------------------------------------------

const lines = [
  "import type * as O from 'official'",
  "import type * as U from 'ours'",
  '/** The public members only (a mapped type over keyof drops private and protected ones). */',
  'type Shallow<T> = { [K in keyof T]: T[K] }',
  '/** A member type (or what a method returns) by its public members, two levels deep. */',
  'type Member1<M> = M extends (...a: infer A) => infer R ? (...a: A) => Shallow<R> : M extends object ? Shallow<M> : M',
  'type Deep1<T> = { [K in keyof T]: Member1<T[K]> }',
  'type Member2<M> = M extends (...a: infer A) => infer R ? (...a: A) => Deep1<R> : M extends object ? Deep1<M> : M',
  '/** A class instance by its public members, and those of the objects it holds or returns. */',
  'type Public<T> = { [K in keyof T]: Member2<T[K]> }',
  '/** Every member name of every member of a union. */',
  'type AllKeys<T> = T extends unknown ? keyof T : never',
  'type Ctor<C> = C extends new (...a: infer A) => infer I',
  '  ? (new (...a: A) => Public<I>) & Public<Omit<C, "prototype">>',
  '  : C extends abstract new (...a: infer A) => infer I',
  '    ? (abstract new (...a: A) => Public<I>) & Public<Omit<C, "prototype">>',
  '    : never',
]
/** line number (1-based) -> { name, part, dir } */
const checkAt = new Map()
let counter = 0

function typeRef(ns, name, info) {
  return info.typeParams > 0 ? `${ns}.${name}<${Array(info.typeParams).fill('any').join(', ')}>` : `${ns}.${name}`
}

/** name -> [alias of the official members ours lacks, alias of the members ours adds] */
const memberAliases = new Map()
function addMemberCheck(name, oType, uType) {
  const n = counter++
  lines.push(`export type Lacks${n} = Exclude<AllKeys<${oType}>, AllKeys<${uType}>>`)
  lines.push(`export type Adds${n} = Exclude<AllKeys<${uType}>, AllKeys<${oType}>>`)
  memberAliases.set(name, [`Lacks${n}`, `Adds${n}`])
}

function addCheck(name, part, dir, fromType, toType) {
  const n = counter++
  lines.push(`declare const a${n}: ${fromType}; export const b${n}: ${toType} = a${n};`)
  checkAt.set(lines.length, { name, part, dir })
}

/** The parts compared for a name both sides declare: [part, official type, our type]. */
function partsOf(name, o, u) {
  const parts = []
  if (o.isClass && u.isClass) {
    parts.push(['instance', `Public<${typeRef('O', name, o)}>`, `Public<${typeRef('U', name, u)}>`])
    parts.push(['constructor', `Ctor<typeof O.${name}>`, `Ctor<typeof U.${name}>`])
    return parts
  }
  if (o.type && u.type) parts.push(['type', typeRef('O', name, o), typeRef('U', name, u)])
  if (o.value && u.value) parts.push(['value', `typeof O.${name}`, `typeof U.${name}`])
  return parts
}

const rows = new Map() // name -> { status, parts, reasons }
const declaredOnly = []
for (const [name, o] of [...official].sort(([a], [b]) => a.localeCompare(b))) {
  const kind = o.isClass ? 'class' : o.type ? (o.value ? 'type+value' : 'type') : 'value'
  if (runtimeNames && o.value && !o.type && !runtimeNames.has(name) && !ours.has(name)) {
    // A value the official typings declare (through `export *`) that its runtime does not export.
    declaredOnly.push(name)
    continue
  }
  const u = ours.get(name)
  if (!u) {
    rows.set(name, { status: 'missing', kind })
    continue
  }
  const parts = partsOf(name, o, u)
  const missingParts = []
  if (o.type && !u.type) missingParts.push('type')
  if (o.value && !u.value) missingParts.push('value')
  rows.set(name, { status: undefined, kind, parts: parts.map((p) => p[0]), missingParts, failures: [] })
  for (const [part, oType, uType] of parts) {
    addCheck(name, part, 'official→ours', oType, uType)
    addCheck(name, part, 'ours→official', uType, oType)
  }
  // Assignability lets either side leave out optional members: compare the member names too.
  const objectPart = parts.find(([part]) => part === 'type' || part === 'instance')
  if (objectPart) addMemberCheck(name, objectPart[1], objectPart[2])
}
lines.push('export {}')

const program = makeProgram(lines.join('\n') + '\n')
const foreign = []
for (const d of ts.getPreEmitDiagnostics(program)) {
  if (!d.file || path.resolve(d.file.fileName) !== CHECK_FILE) {
    foreign.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    continue
  }
  const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1
  const check = checkAt.get(line)
  if (!check) {
    foreign.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
    continue
  }
  const row = rows.get(check.name)
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
  row.failures.push({ part: check.part, dir: check.dir, text })
}
if (foreign.length) {
  console.error('compare-types: unexpected diagnostics (the comparison itself is broken):')
  for (const f of foreign.slice(0, 20)) console.error(`  ${f}`)
  process.exit(2)
}

const checkFile = program.getSourceFile(CHECK_FILE)
const programChecker = program.getTypeChecker()
const aliasTypes = new Map()
for (const statement of checkFile.statements) {
  if (ts.isTypeAliasDeclaration(statement)) {
    const type = programChecker.getTypeAtLocation(statement.name)
    const names = type.flags & ts.TypeFlags.Never ? [] : (type.isUnion() ? type.types : [type]).map((t) => programChecker.typeToString(t))
    aliasTypes.set(statement.name.text, names.map((n) => n.replace(/^"(.*)"$/, '$1')).sort())
  }
}
for (const [name, [lacks, adds]] of memberAliases) {
  const row = rows.get(name)
  row.lacks = aliasTypes.get(lacks) ?? []
  row.adds = aliasTypes.get(adds) ?? []
}

for (const row of rows.values()) {
  if (row.status === 'missing') continue
  if (row.lacks && row.lacks.length) row.missingParts.push(`members ${row.lacks.join(', ')}`)
  const failedDirs = new Set(row.failures.map((f) => f.dir))
  if (row.missingParts.length) row.status = 'partial'
  else if (failedDirs.size === 0) row.status = 'both-way'
  else if (failedDirs.size === 2) row.status = 'neither'
  else row.status = failedDirs.has('ours→official') ? 'one-way official→ours' : 'one-way ours→official'
}

const oursOnly = [...ours.keys()].filter((n) => !official.has(n)).sort()

// ---------------------------------------------------------------------------
// 3. Report.
// ---------------------------------------------------------------------------

const byStatus = (s) => [...rows].filter(([, r]) => r.status === s || (s === 'one-way' && r.status.startsWith('one-way')))
const summary = {
  reference: path.relative(process.cwd(), sdkDir) || sdkDir,
  officialNames: official.size,
  compared: rows.size,
  bothWay: byStatus('both-way').length,
  oneWay: byStatus('one-way').length,
  neither: byStatus('neither').length,
  partial: byStatus('partial').length,
  missing: byStatus('missing').length,
  declaredOnlyValues: declaredOnly.length,
  oursOnly: oursOnly.length,
}

if (asJson) {
  const detail = Object.fromEntries(
    [...rows].map(([n, r]) => [n, { status: r.status, kind: r.kind, lacks: r.lacks, adds: r.adds, failures: r.failures }]),
  )
  console.log(JSON.stringify({ summary, names: detail, declaredOnly, oursOnly }, null, 2))
} else {
  const firstLine = (t) => t.split('\n').slice(-1)[0].trim()
  const why = (r) => {
    const f = r.failures[0]
    if (!f) return ''
    const chain = f.text.split('\n').map((l) => l.trim())
    return verbose ? `\n      ${f.part}: ${chain.join('\n      ')}` : `  — ${f.part}: ${firstLine(f.text)}`
  }
  const section = (title, entries, fmt) => {
    console.log(`\n${title} (${entries.length})`)
    for (const e of entries) console.log(`  ${fmt(e)}`)
  }
  console.log(`Types of ours (index.d.ts) against the official ${path.basename(sdkDir)}`)
  section('MISSING from ours', byStatus('missing'), ([n, r]) => `${n}  [${r.kind}]`)
  section(
    'PARTIAL (ours lacks a meaning or members of the official)',
    byStatus('partial'),
    ([n, r]) => `${n}  [${r.kind}] lacks ${r.missingParts.join('; ')}${why(r)}`,
  )
  section('NEITHER direction', byStatus('neither'), ([n, r]) => `${n}  [${r.kind}]${why(r)}`)
  const adds = (r) => (r.adds && r.adds.length ? `  (ours adds: ${r.adds.join(', ')})` : '')
  section('ONE-WAY', byStatus('one-way'), ([n, r]) => `${n}  [${r.kind}] ${r.status.slice(8)} only${adds(r)}${why(r)}`)
  section('BOTH-WAY', byStatus('both-way'), ([n, r]) => `${n}${adds(r)}`)
  if (declaredOnly.length) {
    console.log(`\nDeclared by the official typings but not exported by its runtime, absent from ours (${declaredOnly.length}):`)
    console.log(`  ${declaredOnly.join(', ')}`)
  }
  console.log(`\nOurs only (${oursOnly.length}): ${oursOnly.join(', ')}`)
  console.log(
    `\nSummary: ${summary.officialNames} official names; ${summary.bothWay} both-way, ${summary.oneWay} one-way, ` +
      `${summary.neither} neither, ${summary.partial} partial, ${summary.missing} missing; ` +
      `${summary.declaredOnlyValues} declared-only values not counted; ${summary.oursOnly} ours only`,
  )
}

process.exit(summary.missing + summary.neither + summary.partial > 0 ? 1 : 0)
