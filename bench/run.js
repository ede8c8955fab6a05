'use strict'
// Benchmark runner: our package against the official @octavus/server-sdk in the same run.
//   node bench/run.js [--quick] [--only iterate,relay,...] [--runs N] [--observe] [--baseline DIR]
// --observe also runs iterate and tools with a subscriber on the diagnostics channels
// (`ours-observed`); --baseline DIR also runs them with another build of this package (a
// checkout of an earlier commit, built), to compare the no-subscriber case with it.
// Starts the SSE stand-in (bench/server.js) in its own process, then runs every scenario in a
// fresh child process per package and run (bench/scenario.js), alternating which package goes
// first. Prints a Markdown table of medians and ratios ours/official with the targets of
// DESIGN.md, writes all figures to bench/results/latest.json and, for a full run, the table
// to bench/RESULTS.md (a --quick run writes bench/results/latest-quick.{json,md} instead).

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { fork, spawn } = require('node:child_process')

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const option = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const quick = flag('--quick')
const only = option('--only') ? new Set(option('--only').split(',')) : null
const runsOverride = option('--runs') ? Number(option('--runs')) : undefined
const observe = flag('--observe')
const baseline = option('--baseline') ? path.resolve(option('--baseline')) : undefined

const PLAN = {
  iterate: { runs: quick ? 2 : 5, params: { events: quick ? 20000 : 200000 }, floor: true, variants: true },
  relay: { runs: quick ? 2 : 5, params: { events: quick ? 20000 : 200000 }, floor: true },
  tools: { runs: quick ? 1 : 3, params: { rounds: quick ? 30 : 200 }, variants: true },
  concurrent: { runs: quick ? 1 : 3, params: { sessions: quick ? 100 : 500, events: 200 } },
  latency: { runs: quick ? 1 : 3, params: { events: quick ? 150 : 1000, intervalMs: 2 } },
  'relay-stall': { runs: quick ? 1 : 3, params: { events: quick ? 20000 : 200000, pauseMs: quick ? 1000 : 3000 } },
  import: { runs: quick ? 3 : 10 },
}

const HERE = __dirname
const RESULTS_DIR = path.join(HERE, 'results')

// ---------------------------------------------------------------------------------------------
// Processes

function startServer() {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(HERE, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (m) => resolve({ child, url: `http://127.0.0.1:${m.port}` }))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
}

/** Runs `node <argv>` and resolves the JSON after `RESULT ` on its stdout. */
function runChild(argv, timeoutMs, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: path.join(HERE, '..'), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('RESULT '))
      if (!line) {
        resolve({ ok: false, error: `exit ${code}${signal ? ` (${signal})` : ''}: ${(err || out).trim().slice(-600)}` })
        return
      }
      const result = JSON.parse(line.slice(7))
      if (err.trim()) result.stderr = err.trim().slice(-600)
      resolve(result)
    })
  })
}

/** CPU ms (user + system) the bench server has used so far (Linux; NaN elsewhere). */
function serverCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

let serverPid
async function scenarioChild(name, pkg, url, params) {
  const before = serverCpuMs(serverPid)
  const env = baseline ? { OCTAVUS_BENCH_BASELINE: baseline } : undefined
  const result = await runChild(['--expose-gc', path.join(HERE, 'scenario.js'), name, pkg, url, JSON.stringify(params)], 300000, env)
  result.serverCpuMs = serverCpuMs(serverPid) - before
  return result
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return NaN
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

const get = (obj, key) => key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj)
const med = (runs, key) => median(runs.map((r) => get(r, key)))

function fmt(value, unit) {
  if (typeof value === 'string') return value
  if (value === undefined || Number.isNaN(value)) return 'n/a'
  switch (unit) {
    case 'rate':
      return value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : `${(value / 1e3).toFixed(1)}k`
    case 'MB':
      return (value / 1048576).toFixed(1)
    case 'us':
      return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
    case 'ms':
      return value >= 100 ? value.toFixed(0) : value.toFixed(1)
    case 'int':
      return String(Math.round(value))
    default:
      return String(value)
  }
}

function fmtRatio(r) {
  if (!Number.isFinite(r)) return 'n/a'
  if (r >= 10) return `${r.toFixed(1)}×`
  return `${r.toFixed(2)}×`
}

// ---------------------------------------------------------------------------------------------
// Scenario runs

async function runScenario(name, url, log) {
  const plan = PLAN[name]
  const runs = runsOverride ?? plan.runs
  const results = { ours: [], official: [], raw: [], 'ours-observed': [], baseline: [] }
  for (let r = 0; r < runs; r++) {
    // The variants of ours run next to it, in turns, so that drifting load hits all alike.
    const variants = []
    if (plan.variants && observe) variants.push('ours-observed')
    if (plan.variants && baseline) variants.push('baseline')
    const mine = r % 2 === 0 ? ['ours', ...variants] : [...variants.reverse(), 'ours']
    const order = r % 2 === 0 ? [...mine, 'official'] : ['official', ...mine]
    if (plan.floor) order.push('raw')
    for (const pkg of order) {
      const res = await scenarioChild(name, pkg, url, plan.params)
      results[pkg].push(res)
      log(`  ${name} run ${r + 1}/${runs} ${pkg}: ${res.ok ? 'ok' : `FAILED ${res.error || ''}`}`)
    }
  }
  return results
}

async function runImport(log) {
  const runs = runsOverride ?? PLAN.import.runs
  const results = { ours: [], 'ours-require': [], official: [] }
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['ours', 'official', 'ours-require'] : ['official', 'ours', 'ours-require']
    for (const which of order) results[which].push(await runChild([path.join(HERE, 'import-probe.js'), which], 60000))
  }
  log(`  import: ${runs} loads each`)
  return results
}

// ---------------------------------------------------------------------------------------------
// The table: rows of (scenario, metric, ours, official, ratio, target)

function buildRows(all) {
  const rows = []
  const floors = []
  const row = (scenario, metric, unit, ours, official, target) => {
    const ratio = typeof ours === 'number' && typeof official === 'number' ? ours / official : NaN
    let met = null
    if (target) met = target.check(ratio, ours, official)
    rows.push({ scenario, metric, unit, ours, official, ratio, target: target ? target.text : '', met })
  }
  const atLeast = (x) => ({ text: `≥ ${x}×`, check: (r) => r >= x })
  const atMost = (x, text) => ({ text: text || `≤ ${x}×`, check: (r) => r <= x })

  if (all.iterate) {
    const { ours, official, raw } = all.iterate
    row('iterate', 'events/s', 'rate', med(ours, 'eventsPerSec'), med(official, 'eventsPerSec'), atLeast(3))
    row('iterate', 'CPU µs/event (all threads)', 'us', med(ours, 'cpuUsPerEvent'), med(official, 'cpuUsPerEvent'), atMost(0.5, '≤ ½'))
    row('iterate', 'main-thread busy µs/event', 'us', med(ours, 'mainBusyUsPerEvent'), med(official, 'mainBusyUsPerEvent'), atMost(1 / 3, '≤ ⅓'))
    row('iterate', 'peak RSS MB', 'MB', med(ours, 'peakRss'), med(official, 'peakRss'))
    floors.push({
      name: 'iterate floor: node:http + JSON.parse per event',
      eventsPerSec: med(raw, 'eventsPerSec'),
      cpuUsPerEvent: med(raw, 'cpuUsPerEvent'),
      mainBusyUsPerEvent: med(raw, 'mainBusyUsPerEvent'),
    })
  }
  if (all.relay) {
    const { ours, official, raw } = all.relay
    row('relay', 'events/s', 'rate', med(ours, 'eventsPerSec'), med(official, 'eventsPerSec'), atLeast(10))
    row('relay', 'CPU µs/event (all threads)', 'us', med(ours, 'cpuUsPerEvent'), med(official, 'cpuUsPerEvent'))
    row('relay', 'main-thread busy µs/event', 'us', med(ours, 'mainBusyUsPerEvent'), med(official, 'mainBusyUsPerEvent'), atMost(1 / 20, '≤ 1/20'))
    row('relay', 'bytes per chunk', 'int', med(ours, 'bytesPerChunk'), med(official, 'bytesPerChunk'))
    const same = sequenceCheck(all.relay)
    all.relay.sequenceCheck = same
    rows.push({
      scenario: 'relay',
      metric: 'output parses to the official’s events',
      unit: '',
      ours: same.ok ? 'same' : 'DIFFERENT',
      official: '',
      ratio: NaN,
      target: 'identical',
      met: same.ok,
    })
    floors.push({
      name: 'relay floor: node:http raw byte forwarding',
      eventsPerSec: med(raw, 'eventsPerSec'),
      cpuUsPerEvent: med(raw, 'cpuUsPerEvent'),
      mainBusyUsPerEvent: med(raw, 'mainBusyUsPerEvent'),
    })
  }
  if (all['relay-stall']) {
    const { ours, official } = all['relay-stall']
    const growth = med(ours, 'stalledGrowth')
    const stallTarget = { text: '≤ 10 MB', check: (_r, o) => o <= 10 * 1048576 }
    row('relay-stall', 'RSS growth while stalled MB', 'MB', growth, med(official, 'stalledGrowth'), stallTarget)
    row('relay-stall', 'peak RSS growth incl. the drain MB', 'MB', med(ours, 'peakGrowth'), med(official, 'peakGrowth'))
    row('relay-stall', 'drain after the pause ms', 'ms', med(ours, 'drainMs'), med(official, 'drainMs'))
  }
  if (all.tools) {
    const { ours, official } = all.tools
    row('tools', 'round trip p50 µs', 'us', med(ours, 'roundTripUs.p50'), med(official, 'roundTripUs.p50'), atMost(0.6))
    row('tools', 'round trip p90 µs', 'us', med(ours, 'roundTripUs.p90'), med(official, 'roundTripUs.p90'))
    row('tools', 'SDK gap p50 µs (server: response end → next request)', 'us', med(ours, 'serverGapUs.p50'), med(official, 'serverGapUs.p50'))
  }
  if (all.concurrent) {
    const { ours, official } = all.concurrent
    const errs = (runs) => runs.reduce((n, r) => n + (r.errors ?? 0) + (r.ok === false && r.errors === undefined ? 1 : 0), 0)
    rows.push({
      scenario: 'concurrent',
      metric: 'errors (all runs)',
      unit: 'int',
      ours: errs(ours),
      official: errs(official),
      ratio: NaN,
      target: '0',
      met: errs(ours) === 0,
    })
    row('concurrent', 'events/s', 'rate', med(ours, 'eventsPerSec'), med(official, 'eventsPerSec'), atLeast(2))
    row('concurrent', 'wall ms', 'ms', med(ours, 'wallMs'), med(official, 'wallMs'))
    row('concurrent', 'peak RSS MB', 'MB', med(ours, 'peakRss'), med(official, 'peakRss'), atMost(1))
    row('concurrent', 'CPU µs/event (all threads)', 'us', med(ours, 'cpuUsPerEvent'), med(official, 'cpuUsPerEvent'))
  }
  if (all.latency) {
    const { ours, official } = all.latency
    row('latency', 'p50 µs', 'us', med(ours, 'p50Us'), med(official, 'p50Us'), atMost(1))
    row('latency', 'p99 µs', 'us', med(ours, 'p99Us'), med(official, 'p99Us'), atMost(0.5, '≤ ½'))
  }
  if (all.import) {
    const r = all.import
    row('import', 'load ms, import() (median)', 'ms', med(r.ours, 'loadMs'), med(r.official, 'loadMs'), atMost(0.25, '≤ ¼'))
    row('import', 'load ms, ours require() vs official import()', 'ms', med(r['ours-require'], 'loadMs'), med(r.official, 'loadMs'))
  }
  return { rows, floors }
}

/**
 * The diagnostics overhead (--observe, --baseline): ours without a subscriber against ours with
 * one, and against the baseline build. Lower is better for every metric but events/s.
 */
function buildVariantRows(all) {
  const rows = []
  const row = (scenario, metric, unit, runs, key) => {
    const none = med(runs.ours, key)
    const observed = runs['ours-observed'].length ? med(runs['ours-observed'], key) : NaN
    const base = runs.baseline.length ? med(runs.baseline, key) : NaN
    const spread = (list) => {
      const v = list.map((r) => get(r, key)).filter(Number.isFinite)
      return v.length ? [Math.min(...v), Math.max(...v)] : []
    }
    rows.push({
      scenario,
      metric,
      unit,
      none,
      observed,
      base,
      observedRatio: observed / none,
      baseRatio: none / base,
      spread: { none: spread(runs.ours), observed: spread(runs['ours-observed']), base: spread(runs.baseline) },
    })
  }
  if (all.iterate) {
    row('iterate', 'events/s', 'rate', all.iterate, 'eventsPerSec')
    row('iterate', 'CPU µs/event (all threads)', 'us', all.iterate, 'cpuUsPerEvent')
    row('iterate', 'main-thread busy µs/event', 'us', all.iterate, 'mainBusyUsPerEvent')
  }
  if (all.tools) {
    row('tools', 'round trip p50 µs', 'us', all.tools, 'roundTripUs.p50')
    row('tools', 'round trip p90 µs', 'us', all.tools, 'roundTripUs.p90')
    row('tools', 'CPU µs/round (all threads)', 'us', all.tools, 'cpuUsPerRound')
    row('tools', 'main-thread busy µs/round', 'us', all.tools, 'mainBusyUsPerRound')
  }
  return rows
}

function variantsTable(rows) {
  if (!rows.length) return ''
  const range = (v, unit) => (v.length ? `${fmt(v[0], unit)}–${fmt(v[1], unit)}` : '')
  const lines = [
    '| scenario | metric | ours, no subscriber | ours, subscribed | subscribed/none | baseline build | none/baseline |',
    '|---|---|--:|--:|--:|--:|--:|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.scenario} | ${r.metric} | ${fmt(r.none, r.unit)} (${range(r.spread.none, r.unit)}) | ${fmt(r.observed, r.unit)} (${range(r.spread.observed, r.unit)}) | ${fmtRatio(r.observedRatio)} | ${fmt(r.base, r.unit)} (${range(r.spread.base, r.unit)}) | ${fmtRatio(r.baseRatio)} |`,
    )
  }
  return `Diagnostics channels (medians, min–max in brackets):\n\n${lines.join('\n')}`
}

/** Relay output of ours and the official parse to the same events (bulk digest + varied stream). */
function sequenceCheck(relay) {
  const problems = []
  const digests = (runs) => new Set(runs.map((r) => r.sequence && `${r.sequence.count}:${r.sequence.digest}:${r.sequence.done}`))
  const a = digests(relay.ours)
  const b = digests(relay.official)
  if (a.size !== 1 || b.size !== 1 || [...a][0] !== [...b][0]) problems.push(`bulk stream digests differ: ours ${[...a]} official ${[...b]}`)
  const mixedOf = (runs) => runs.find((r) => r.mixed)?.mixed
  const mo = mixedOf(relay.ours)
  const mf = mixedOf(relay.official)
  if (!mo || !mf) problems.push('varied stream missing')
  else {
    if (JSON.stringify(mo.events) !== JSON.stringify(mf.events)) problems.push('varied stream: relayed events differ from the official’s')
    if (JSON.stringify(mo.events) !== JSON.stringify(mo.iterated)) problems.push('varied stream: our relay differs from our iteration')
    if (!mo.done || !mf.done) problems.push('varied stream: [DONE] missing')
  }
  return { ok: problems.length === 0, problems, mixedEvents: mo ? mo.events.length : 0 }
}

function markdownTable(rows) {
  const lines = ['| scenario | metric | ours | official | ours/official | target | met |', '|---|---|--:|--:|--:|---|:-:|']
  for (const r of rows) {
    const met = r.met === null ? '' : r.met ? '✅ met' : '❌ not met'
    lines.push(`| ${r.scenario} | ${r.metric} | ${fmt(r.ours, r.unit)} | ${fmt(r.official, r.unit)} | ${fmtRatio(r.ratio)} | ${r.target} | ${met} |`)
  }
  return lines.join('\n')
}

function floorsTable(floors) {
  if (!floors.length) return ''
  const lines = ['| floor (no SDK) | events/s | CPU µs/event | main-thread µs/event |', '|---|--:|--:|--:|']
  for (const f of floors)
    lines.push(`| ${f.name} | ${fmt(f.eventsPerSec, 'rate')} | ${fmt(f.cpuUsPerEvent, 'us')} | ${fmt(f.mainBusyUsPerEvent, 'us')} |`)
  return lines.join('\n')
}

function machine() {
  const cpu = os.cpus()[0]
  let model = cpu ? cpu.model : 'unknown'
  try {
    const m = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))
    if (m) model = m[1].trim()
  } catch {}
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu: model,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memGB: +(os.totalmem() / 2 ** 30).toFixed(1),
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = new Date()
  const log = (m) => process.stderr.write(`${m}\n`)
  const info = machine()
  const loadStart = os.loadavg()
  log(
    `bench: ${quick ? 'quick' : 'full'} run on ${info.nproc} × ${info.cpu}, node ${info.node}, load ${loadStart.map((l) => l.toFixed(2)).join(' ')}`,
  )
  if (loadStart[0] > info.nproc * 0.4) log('bench: the machine is busy; ratios may be noisy (rerun when `uptime` shows a lower load)')

  const { child: server, url } = await startServer()
  serverPid = server.pid
  const all = {}
  try {
    for (const name of Object.keys(PLAN)) {
      if (only && !only.has(name)) continue
      log(`${name}:`)
      all[name] = name === 'import' ? await runImport(log) : await runScenario(name, url, log)
    }
  } finally {
    server.disconnect()
    server.kill()
  }
  const finished = new Date()
  const loadEnd = os.loadavg()
  const { rows, floors } = buildRows(all)
  const table = markdownTable(rows)
  const floorTable = floorsTable(floors)
  const variantRows = observe || baseline ? buildVariantRows(all) : []
  const variantTable = variantsTable(variantRows)
  const failures = []
  for (const [name, byPkg] of Object.entries(all)) {
    for (const [pkg, runs] of Object.entries(byPkg)) {
      if (!Array.isArray(runs)) continue
      runs.forEach((r, i) => {
        if (r && r.ok === false) failures.push(`${name}/${pkg} run ${i + 1}: ${r.error || r.firstError || 'check failed'}`)
      })
    }
  }
  const seq = all.relay && all.relay.sequenceCheck
  if (seq && !seq.ok) failures.push(...seq.problems.map((p) => `relay sequence: ${p}`))

  const metCount = rows.filter((r) => r.met === true).length
  const targetCount = rows.filter((r) => r.met !== null).length
  const header = [
    `Run: ${started.toISOString()} (${((finished - started) / 1000).toFixed(0)} s, ${quick ? '--quick' : 'full'})`,
    `Machine: ${info.nproc} CPUs, ${info.cpu}, ${info.memGB} GB, ${info.platform}; Node ${info.node}`,
    `Load average (1/5/15 min): start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, end ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}`,
    `Runs per package: ${Object.entries(PLAN)
      .filter(([n]) => all[n])
      .map(([n, p]) => `${n} ${runsOverride ?? p.runs}`)
      .join(', ')}. Figures are medians; ratios are ours/official from this run. Targets met: ${metCount}/${targetCount}.`,
  ]
  const md = [
    ...header.map((h) => `${h}  `),
    '',
    table,
    '',
    floorTable,
    variantTable ? `\n${variantTable}` : '',
    failures.length ? `\nFailures:\n${failures.map((f) => `- ${f}`).join('\n')}` : '',
  ].join('\n')

  process.stdout.write(`\n${md}\n`)

  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const json = {
    quick,
    started: started.toISOString(),
    finished: finished.toISOString(),
    machine: info,
    load: { start: loadStart, end: loadEnd },
    plan: PLAN,
    baseline,
    rows,
    floors,
    variantRows,
    failures,
    raw: all,
  }
  const base = quick ? 'latest-quick' : 'latest'
  fs.writeFileSync(path.join(RESULTS_DIR, `${base}.json`), JSON.stringify(json, null, 2))
  fs.writeFileSync(path.join(RESULTS_DIR, `${base}.md`), `${md}\n`)
  if (!quick && !only && !runsOverride && !observe && !baseline) {
    const doc = [
      '# Benchmark results',
      '',
      'Latest full run of `npm run bench` (`node bench/run.js`): `@octavus-rs/server-sdk` (ours) against',
      '`@octavus/server-sdk` 2.0.0 (official) in the same run, each scenario in a fresh process per package',
      'and run, against the SSE stand-in `bench/server.js` in its own process on 127.0.0.1. See',
      '`bench/README.md` for what each scenario measures.',
      '',
      md,
      '',
    ].join('\n')
    fs.writeFileSync(path.join(HERE, 'RESULTS.md'), doc)
    log('bench: wrote bench/RESULTS.md and bench/results/latest.json')
  } else {
    log(`bench: wrote bench/results/${base}.json and ${base}.md`)
  }
  if (failures.length) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
