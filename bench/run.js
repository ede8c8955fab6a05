'use strict'
// Benchmark runner: our package against the official @octavus/server-sdk in the same run, both
// the 2.0.0 on npm (dev dependency) and the 6.4 built from source (--reference).
//   node bench/run.js [--quick] [--only iterate,relay,...] [--runs N] [--observe] [--baseline DIR]
//                     [--reference DIR | --no-reference]
// --observe also runs iterate and tools with a subscriber on the diagnostics channels
// (`ours-observed`); --baseline DIR also runs them with another build of this package (a
// checkout of an earlier commit, built), to compare the no-subscriber case with it.
// --reference DIR: the directory of the official 6.4 `index.mjs` (default
// ../shared/reference/server-sdk-6.4.0 from the repository root, when it exists; otherwise, or
// with --no-reference, the `official64` package is left out with a note).
// Starts the SSE stand-in (bench/server.js) in its own process, then runs every scenario in a
// fresh child process per package and run (bench/scenario.js), rotating which package goes
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

const HERE = __dirname
const ROOT = path.join(HERE, '..')
const RESULTS_DIR = path.join(HERE, 'results')

// The official 6.4 (one ESM bundle built from source), run as the package `official64`.
const DEFAULT_REFERENCE = path.resolve(ROOT, '..', 'shared', 'reference', 'server-sdk-6.4.0')
let reference
let referenceNote
if (flag('--no-reference')) referenceNote = 'official 6.4 left out (--no-reference)'
else if (option('--reference')) {
  reference = path.resolve(option('--reference'))
  if (!fs.existsSync(path.join(reference, 'index.mjs'))) {
    console.error(`bench: --reference ${reference} has no index.mjs (the official 6.4 bundle)`)
    process.exit(2)
  }
} else if (fs.existsSync(path.join(DEFAULT_REFERENCE, 'index.mjs'))) reference = DEFAULT_REFERENCE
else referenceNote = `official 6.4 left out: no build at ${DEFAULT_REFERENCE} (pass --reference DIR)`

/** The official builds compared with ours: 2.0.0 always, 6.4 when its build is there. */
const OFFICIALS = reference ? ['official', 'official64'] : ['official']
const BUILD_NAME = { official: '2.0.0', official64: '6.4' }

// firstRun: params merged into the first run only (a slow check that need not repeat).
const PLAN = {
  iterate: { runs: quick ? 2 : 5, params: { events: quick ? 20000 : 200000 }, floor: true, variants: true },
  relay: { runs: quick ? 2 : 5, params: { events: quick ? 20000 : 200000 }, floor: true },
  tools: { runs: quick ? 1 : 3, params: { rounds: quick ? 30 : 200 }, variants: true },
  'tool-loop-50': { runs: quick ? 1 : 3, params: { rounds: 50 } },
  concurrent: { runs: quick ? 1 : 3, params: { sessions: quick ? 100 : 500, events: 200 } },
  latency: { runs: quick ? 1 : 3, params: { events: quick ? 150 : 1000, intervalMs: 2 } },
  'relay-stall': { runs: quick ? 1 : 3, params: { events: quick ? 20000 : 200000, pauseMs: quick ? 1000 : 3000 } },
  'relay-heartbeat': {
    runs: quick ? 1 : 3,
    params: { events: quick ? 10000 : 40000, burst: 500, intervalMs: 20, heartbeatMs: 8, defaultCheckMs: 0 },
    firstRun: quick ? undefined : { defaultCheckMs: 16000 },
  },
  'size-guard': { runs: quick ? 1 : 3, params: { rounds: quick ? 2 : 5, resultBytes: 5 * 1048576 } },
  start: { runs: quick ? 1 : 3, params: { events: 1000, iterations: quick ? 5 : 20 } },
  'idle-streams': { runs: quick ? 1 : 3, params: { streams: 1000 } },
  import: { runs: quick ? 3 : 10 },
  // The loaded route (bench/route.js): its own processes, figures and table; rows here for its targets.
  route: {
    runs: quick ? 1 : 2,
    params: { clients: quick ? [50, 200] : [50, 200, 1000], frameworks: quick ? ['node'] : ['node', 'express'], seconds: quick ? 2 : 3 },
  },
}

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
const serverCpuMs = (pid) => require('./route.js').cpuMsOf(pid)

let serverPid
function childEnv() {
  const env = {}
  if (baseline) env.OCTAVUS_BENCH_BASELINE = baseline
  if (reference) env.OCTAVUS_BENCH_REFERENCE = reference
  return env
}

async function scenarioChild(name, pkg, url, params) {
  const before = serverCpuMs(serverPid)
  const env = childEnv()
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
    case 'KB':
      return (value / 1024).toFixed(1)
    case 'us':
      return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)
    case 'ms':
      return value >= 100 ? value.toFixed(0) : value.toFixed(1)
    case 'int':
      return String(Math.round(value))
    case 'ratio':
      return `${value.toFixed(2)}×`
    default:
      return String(value)
  }
}

function fmtRatio(r) {
  if (r === undefined) return ''
  if (!Number.isFinite(r)) return 'n/a'
  if (r >= 10) return `${r.toFixed(1)}×`
  return `${r.toFixed(2)}×`
}

// ---------------------------------------------------------------------------------------------
// Scenario runs

/** Rotates `groups` by `r`: each package (or group) goes first in turn. */
const rotate = (groups, r) => [...groups.slice(r % groups.length), ...groups.slice(0, r % groups.length)].flat()

async function runScenario(name, url, log) {
  const plan = PLAN[name]
  const runs = runsOverride ?? plan.runs
  const results = { ours: [], official: [], official64: [], raw: [], 'ours-observed': [], baseline: [] }
  const skipped = new Set() // packages without the feature: asked once
  for (let r = 0; r < runs; r++) {
    // The variants of ours run next to it, in turns, so that drifting load hits all alike.
    const variants = []
    if (plan.variants && observe) variants.push('ours-observed')
    if (plan.variants && baseline) variants.push('baseline')
    const mine = r % 2 === 0 ? ['ours', ...variants] : [...variants.reverse(), 'ours']
    const order = rotate([mine, ...OFFICIALS.map((o) => [o])], r)
    if (plan.floor) order.push('raw')
    const params = r === 0 && plan.firstRun ? { ...plan.params, ...plan.firstRun } : plan.params
    for (const pkg of order) {
      if (skipped.has(pkg)) continue
      const res = await scenarioChild(name, pkg, url, params)
      results[pkg].push(res)
      if (res.skipped) skipped.add(pkg)
      log(`  ${name} run ${r + 1}/${runs} ${pkg}: ${res.skipped ? `n/a (${res.skipped})` : res.ok ? 'ok' : `FAILED ${res.error || ''}`}`)
    }
  }
  return results
}

async function runImport(log) {
  const runs = runsOverride ?? PLAN.import.runs
  const results = { ours: [], 'ours-require': [], official: [], official64: [] }
  for (let r = 0; r < runs; r++) {
    const order = [...rotate([['ours'], ...OFFICIALS.map((o) => [o])], r), 'ours-require']
    for (const which of order) results[which].push(await runChild([path.join(HERE, 'import-probe.js'), which], 60000, childEnv()))
  }
  log(`  import: ${runs} loads each`)
  return results
}

// ---------------------------------------------------------------------------------------------
// The table: rows of (scenario, metric, ours, each official build, ratios, target)

/** Results of the runs a package made in a scenario that has the feature (none when n/a). */
const ranIn = (runs) => (runs || []).filter((r) => !r.skipped)

/**
 * A target is judged against every official build that ran the scenario; it is met only when
 * it is met against all of them. `absolute` targets look at ours alone (e.g. errors = 0).
 */
function buildRows(all) {
  const rows = []
  const floors = []
  const push = (scenario, metric, unit, values, target, opts = {}) => {
    const ratios = {}
    for (const o of OFFICIALS) ratios[o] = typeof values.ours === 'number' && typeof values[o] === 'number' ? values.ours / values[o] : NaN
    let met = null
    if (target) {
      if (target.absolute) met = target.check(NaN, values.ours)
      else {
        const judged = (opts.judge || OFFICIALS).filter((o) => ranIn(all[scenario] && all[scenario][o]).length > 0)
        met = judged.length ? judged.every((o) => target.check(ratios[o], values.ours, values[o])) : null
      }
    }
    rows.push({ scenario, metric, unit, ...values, ratios, target: target ? target.text : '', met })
  }
  /** One metric: the medians of `key` over each package's runs (n/a for a package without the feature). */
  const row = (scenario, metric, unit, key, target, opts) => {
    const runs = all[scenario]
    const values = { ours: med(ranIn(runs.ours), key) }
    for (const o of OFFICIALS) values[o] = med(ranIn(runs[o]), key)
    push(scenario, metric, unit, values, target, opts)
  }
  const atLeast = (x) => ({ text: `≥ ${x}×`, check: (r) => r >= x })
  const atMost = (x, text) => ({ text: text || `≤ ${x}×`, check: (r) => r <= x })
  /** A text per package (e.g. a behaviour): fn(its first good run, all its runs with the feature). */
  const textOf = (runs, fn) => {
    const r = ranIn(runs)
    if (!r.length) return 'n/a'
    const ok = r.find((x) => x.ok !== false) || r[0]
    return fn(ok, r)
  }
  const textRow = (scenario, metric, fn, target, met) => {
    const runs = all[scenario]
    const values = { ours: textOf(runs.ours, fn) }
    for (const o of OFFICIALS) values[o] = textOf(runs[o], fn)
    rows.push({ scenario, metric, unit: '', ...values, ratios: {}, target: target || '', met: met === undefined ? null : met })
  }

  if (all.iterate) {
    row('iterate', 'events/s', 'rate', 'eventsPerSec', atLeast(3))
    row('iterate', 'CPU µs/event (all threads)', 'us', 'cpuUsPerEvent', atMost(0.5, '≤ ½'))
    row('iterate', 'main-thread busy µs/event', 'us', 'mainBusyUsPerEvent', atMost(1 / 3, '≤ ⅓'))
    row('iterate', 'peak RSS MB', 'MB', 'peakRss')
    const raw = all.iterate.raw
    floors.push({
      name: 'iterate floor: node:http + JSON.parse per event',
      eventsPerSec: med(raw, 'eventsPerSec'),
      cpuUsPerEvent: med(raw, 'cpuUsPerEvent'),
      mainBusyUsPerEvent: med(raw, 'mainBusyUsPerEvent'),
    })
  }
  if (all.relay) {
    row('relay', 'events/s', 'rate', 'eventsPerSec', atLeast(10))
    row('relay', 'CPU µs/event (all threads)', 'us', 'cpuUsPerEvent')
    row('relay', 'main-thread busy µs/event', 'us', 'mainBusyUsPerEvent', atMost(1 / 20, '≤ 1/20'))
    row('relay', 'bytes per chunk', 'int', 'bytesPerChunk')
    const same = sequenceCheck(all.relay)
    all.relay.sequenceCheck = same
    const cell = (o) => (ranIn(all.relay[o]).length ? (same.byBuild[o] ? 'same' : 'DIFFERENT') : 'n/a')
    rows.push({
      scenario: 'relay',
      metric: 'output parses to the official’s events (bulk digest, varied stream)',
      unit: '',
      ours: same.ok ? 'same' : 'DIFFERENT',
      ...Object.fromEntries(OFFICIALS.map((o) => [o, cell(o)])),
      ratios: {},
      target: 'identical',
      met: same.ok,
    })
    const raw = all.relay.raw
    floors.push({
      name: 'relay floor: node:http raw byte forwarding',
      eventsPerSec: med(raw, 'eventsPerSec'),
      cpuUsPerEvent: med(raw, 'cpuUsPerEvent'),
      mainBusyUsPerEvent: med(raw, 'mainBusyUsPerEvent'),
    })
  }
  if (all['relay-stall']) {
    row('relay-stall', 'RSS growth while stalled MB', 'MB', 'stalledGrowth', { text: '≤ 10 MB', absolute: true, check: (_r, o) => o <= 10 * 1048576 })
    row('relay-stall', 'peak RSS growth incl. the drain MB', 'MB', 'peakGrowth')
    row('relay-stall', 'drain after the pause ms', 'ms', 'drainMs')
  }
  if (all['relay-heartbeat']) {
    const hb = all['relay-heartbeat']
    row('relay-heartbeat', 'CPU µs/event (all threads)', 'us', 'cpuUsPerEvent')
    row('relay-heartbeat', 'main-thread busy µs/event', 'us', 'mainBusyUsPerEvent')
    row('relay-heartbeat', 'events/s (paced by the server)', 'rate', 'eventsPerSec')
    textRow(
      'relay-heartbeat',
      'heartbeats written (interval)',
      (r, list) => `${median(list.map((x) => x.heartbeats))} (${r.heartbeatMs} ms${r.heartbeatMs === 15000 ? ', fixed' : ''})`,
    )
    const check = heartbeatCheck(hb)
    hb.sequenceCheck = check
    textRow('relay-heartbeat', 'output parses to the same events as 6.4 (heartbeats excluded)', () =>
      !check.ok ? 'DIFFERENT' : check.compared ? 'same' : 'not compared',
    )
    if (ranIn(hb.ours).some((r) => r.defaultCheck))
      textRow('relay-heartbeat', 'default interval: heartbeats in 16 s of silence', (r) =>
        r.defaultCheck ? String(r.defaultCheck.heartbeats) : 'not run',
      )
  }
  if (all.tools) {
    row('tools', 'round trip p50 µs', 'us', 'roundTripUs.p50', atMost(0.6))
    row('tools', 'round trip p90 µs', 'us', 'roundTripUs.p90')
    row('tools', 'SDK gap p50 µs (server: response end → next request)', 'us', 'serverGapUs.p50')
  }
  if (all['tool-loop-50']) {
    row('tool-loop-50', 'wall ms (50 rounds, one execution)', 'ms', 'wallMs')
    row('tool-loop-50', 'round trip p50 µs', 'us', 'roundTripUs.p50')
    row('tool-loop-50', 'CPU µs/round (all threads)', 'us', 'cpuUsPerRound')
    row('tool-loop-50', 'main-thread busy µs/round', 'us', 'mainBusyUsPerRound')
  }
  if (all['size-guard']) {
    const sg = all['size-guard']
    row('size-guard', 'handler return → continuation received p50 ms', 'ms', 'returnToReceivedMs.p50')
    row('size-guard', 'peak RSS growth during the rounds MB', 'MB', 'peakRssGrowth')
    row('size-guard', 'continuation body bytes (server)', 'int', 'bodyBytes')
    textRow(
      'size-guard',
      'outcome: result cut, hook calls, original → kept bytes',
      (r) => `${r.outcome.truncated ? 'cut' : 'NOT cut'}, ${r.outcome.hookCalls}/${r.rounds}, ${r.outcome.originalBytes} → ${r.outcome.keptBytes}`,
    )
    const agree = sizeGuardCheck(sg)
    sg.agreement = agree
    textRow('size-guard', 'ours and 6.4 agree on the outcome', () => (agree.ok === null ? 'n/a' : agree.ok ? 'agree' : 'DISAGREE'), 'agree', agree.ok)
  }
  if (all.concurrent) {
    const runs = all.concurrent
    const errs = (list) => ranIn(list).reduce((n, r) => n + (r.errors ?? 0) + (r.ok === false && r.errors === undefined ? 1 : 0), 0)
    push('concurrent', 'errors (all runs)', 'int', Object.fromEntries(['ours', ...OFFICIALS].map((p) => [p, errs(runs[p])])), {
      text: '0',
      absolute: true,
      check: (_r, o) => o === 0,
    })
    rows[rows.length - 1].ratios = {}
    row('concurrent', 'events/s', 'rate', 'eventsPerSec', atLeast(2))
    row('concurrent', 'wall ms', 'ms', 'wallMs')
    row('concurrent', 'peak RSS MB', 'MB', 'peakRss', atMost(1))
    row('concurrent', 'CPU µs/event (all threads)', 'us', 'cpuUsPerEvent')
  }
  if (all.latency) {
    row('latency', 'p50 µs', 'us', 'p50Us', atMost(1))
    row('latency', 'p99 µs', 'us', 'p99Us', atMost(0.5, '≤ ½'))
  }
  if (all.start) {
    row('start', 'time to first event p50 ms', 'ms', 'firstEventMs.p50')
    row('start', `total p50 ms (${PLAN.start.params.events.toLocaleString('en')} events)`, 'ms', 'totalMs.p50')
    row('start', 'CPU µs/event (all threads)', 'us', 'cpuUsPerEvent')
    textRow('start', 'onSessionCreated once, before the first event, = start.sessionId', (_r, list) =>
      list.every((x) => x.ok) ? 'yes' : `NO (${list.reduce((n, x) => n + (x.bad ?? 1), 0)} bad)`,
    )
  }
  if (all['idle-streams']) {
    const runs = all['idle-streams']
    const errs = (list) => ranIn(list).reduce((n, r) => n + (r.errors ?? 0) + (r.ok === false && r.errors === undefined ? 1 : 0), 0)
    push('idle-streams', 'errors (all runs)', 'int', Object.fromEntries(['ours', ...OFFICIALS].map((p) => [p, errs(runs[p])])), {
      text: '0',
      absolute: true,
      check: (_r, o) => o === 0,
    })
    rows[rows.length - 1].ratios = {}
    row('idle-streams', 'RSS per open execution KB (after gc)', 'KB', 'rssPerStream')
    row('idle-streams', 'JS heap per open execution KB', 'KB', 'heapPerStream')
    row('idle-streams', 'connections open at the server while blocked', 'int', 'serverConnectionsOpen')
    row('idle-streams', `all ${PLAN['idle-streams'].params.streams.toLocaleString('en')} blocked after ms`, 'ms', 'openMs')
    row('idle-streams', 'all complete after the release ms', 'ms', 'completeMs')
  }
  if (all.import) {
    const r = all.import
    const values = (key) => ({ ours: med(r[key], 'loadMs'), official: med(r.official, 'loadMs'), official64: NaN })
    push('import', 'load ms, import() (median)', 'ms', values('ours'), atMost(0.25, '≤ ¼'), { judge: ['official'] })
    push('import', 'load ms, ours require() vs official 2.0.0 import()', 'ms', values('ours-require'))
    if (OFFICIALS.includes('official64')) {
      push('import', 'load ms, import(): 6.4 is one pre-bundled file', 'ms', {
        ours: med(r.ours, 'loadMs'),
        official: NaN,
        official64: med(r.official64, 'loadMs'),
      })
      rows[rows.length - 1].target = 'not comparable'
    }
  }
  const routeTable = all.route ? routeRows(all.route, push) : ''
  return { rows, floors, routeTable }
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

/**
 * Relay output of ours and of each official build parse to the same events (bulk digest +
 * varied stream); ours relayed also equals ours iterated.
 */
function sequenceCheck(relay) {
  const problems = []
  const byBuild = {}
  const digests = (runs) => new Set(runs.map((r) => r.sequence && `${r.sequence.count}:${r.sequence.digest}:${r.sequence.done}`))
  const mixedOf = (runs) => runs.find((r) => r.mixed)?.mixed
  const a = digests(relay.ours)
  const mo = mixedOf(relay.ours)
  if (!mo) problems.push('varied stream missing (ours)')
  else {
    if (JSON.stringify(mo.events) !== JSON.stringify(mo.iterated)) problems.push('varied stream: our relay differs from our iteration')
    if (!mo.done) problems.push('varied stream: [DONE] missing (ours)')
  }
  for (const o of OFFICIALS) {
    if (!relay[o] || !relay[o].length) continue
    const before = problems.length
    const b = digests(relay[o])
    if (a.size !== 1 || b.size !== 1 || [...a][0] !== [...b][0])
      problems.push(`bulk stream digests differ: ours ${[...a]} ${BUILD_NAME[o]} ${[...b]}`)
    const mf = mixedOf(relay[o])
    if (!mf) problems.push(`varied stream missing (${BUILD_NAME[o]})`)
    else {
      if (mo && JSON.stringify(mo.events) !== JSON.stringify(mf.events))
        problems.push(`varied stream: relayed events differ from the official ${BUILD_NAME[o]}’s`)
      if (!mf.done) problems.push(`varied stream: [DONE] missing (${BUILD_NAME[o]})`)
    }
    byBuild[o] = problems.length === before
  }
  return { ok: problems.length === 0, problems, byBuild, mixedEvents: mo ? mo.events.length : 0 }
}

/** relay-heartbeat: ours and 6.4 parse to the same events, heartbeats excluded (and no broken block). */
function heartbeatCheck(hb) {
  const problems = []
  const key = (s) => s && `${s.count}:${s.digest}:${s.done}`
  const ours = ranIn(hb.ours)
  const theirs = ranIn(hb.official64)
  for (const [name, runs] of [
    ['ours', ours],
    ['6.4', theirs],
  ])
    for (const r of runs)
      if (r.otherBlocks || (r.defaultCheck && r.defaultCheck.otherBlocks)) problems.push(`${name}: a block that is neither an event nor a heartbeat`)
  if (ours.length && theirs.length) {
    const a = new Set(ours.map((r) => key(r.sequence)))
    const b = new Set(theirs.map((r) => key(r.sequence)))
    if (a.size !== 1 || b.size !== 1 || [...a][0] !== [...b][0]) problems.push(`paced stream: events differ (ours ${[...a]}, 6.4 ${[...b]})`)
    const da = ours.find((r) => r.defaultCheck)
    const db = theirs.find((r) => r.defaultCheck)
    if (da && db && key(da.defaultCheck.sequence) !== key(db.defaultCheck.sequence)) problems.push('quiet stream: events differ')
  }
  return { ok: problems.length === 0, compared: ours.length > 0 && theirs.length > 0, problems }
}

/** size-guard: ours and the official 6.4 reach the same outcome (the notes' wording may differ). */
function sizeGuardCheck(sg) {
  const ours = ranIn(sg.ours).filter((r) => r.outcome)
  const theirs = ranIn(sg.official64).filter((r) => r.outcome)
  if (!ours.length || !theirs.length) return { ok: null, problems: [] }
  const fields = ['truncated', 'hookCalls', 'originalBytes', 'variableCapture', 'consumerGotFullOutput', 'finish']
  const pick = (o) => JSON.stringify(fields.map((f) => o[f]))
  const problems = []
  const want = pick(theirs[0].outcome)
  for (const r of [...ours, ...theirs])
    if (pick(r.outcome) !== want) problems.push(`outcome ${pick(r.outcome)} ≠ 6.4's ${want} (fields ${fields.join(', ')})`)
  return { ok: problems.length === 0, problems: [...new Set(problems)] }
}

function markdownTable(rows) {
  const cols = OFFICIALS.map((o) => BUILD_NAME[o])
  const lines = [
    `| scenario | metric | ours | ${cols.map((c) => `official ${c}`).join(' | ')} | ${cols.map((c) => `ours/${c}`).join(' | ')} | target | met |`,
    `|---|---|--:|${cols.map(() => '--:').join('|')}|${cols.map(() => '--:').join('|')}|---|:-:|`,
  ]
  for (const r of rows) {
    const met = r.met === null ? '' : r.met ? '✅ met' : '❌ not met'
    const values = OFFICIALS.map((o) => fmt(r[o], r.unit))
    const ratios = OFFICIALS.map((o) => fmtRatio(r.ratios[o]))
    lines.push(`| ${r.scenario} | ${r.metric} | ${fmt(r.ours, r.unit)} | ${values.join(' | ')} | ${ratios.join(' | ')} | ${r.target} | ${met} |`)
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

/** The loaded route (bench/route.js) with every variant; its rows carry the ratios to the floors. */
async function runLoadedRoute(log) {
  const { runRoute } = require('./route.js')
  const p = PLAN.route.params
  const variants = ['none', 'fetch', 'ours', ...OFFICIALS]
  return runRoute({ ...p, variants, reference, runs: runsOverride ?? PLAN.route.runs, log: (l) => log(`  route ${l}`) })
}

/**
 * Rows of the main table for the loaded route: per framework and clients, ours against the
 * no-SDK floor (`none`, node:http forwarding the bytes) and its targets, and the officials' same
 * ratios in their columns (the ratio columns then compare ours with them). The fetch floor's
 * ratio goes in a row of its own.
 */
function routeRows(route, push) {
  const { table, TARGETS } = require('./route.js')
  const of = (framework, clients, variant) => route.rows.find((r) => r.framework === framework && r.clients === clients && r.variant === variant)
  const combos = [...new Set(route.rows.map((r) => `${r.framework} ${r.clients}`))]
  for (const combo of combos) {
    const [framework, clientsText] = combo.split(' ')
    const clients = Number(clientsText)
    const ours = of(framework, clients, 'ours')
    if (!ours) continue
    const values = (key) => {
      const v = { ours: ours[key] }
      for (const o of OFFICIALS) v[o] = of(framework, clients, o)?.[key]
      return v
    }
    const where = `${framework}, ${clients} clients`
    push('route', `${where}: req/s ÷ no-SDK floor's`, 'ratio', values('reqPerSecVsFloor'), {
      text: `≥ ${TARGETS.reqPerSecVsFloor}`,
      absolute: true,
      check: (_r, o) => o >= TARGETS.reqPerSecVsFloor,
    })
    push('route', `${where}: main-thread ms/req ÷ floor's`, 'ratio', values('mainVsFloor'), {
      text: `≤ ${TARGETS.mainVsFloor}`,
      absolute: true,
      check: (_r, o) => o <= TARGETS.mainVsFloor,
    })
    push('route', `${where}: peak RSS above the floor's MB`, 'MB', values('rssAboveFloorBytes'), {
      text: `≤ ${TARGETS.rssAboveFloorBytes / 1048576} MB`,
      absolute: true,
      check: (_r, o) => o <= TARGETS.rssAboveFloorBytes,
    })
    const fetchFloor = of(framework, clients, 'fetch')
    if (fetchFloor) {
      const v = {}
      for (const k of ['ours', ...OFFICIALS]) {
        const r = k === 'ours' ? ours : of(framework, clients, k)
        v[k] = r && fetchFloor.reqPerSec ? r.reqPerSec / fetchFloor.reqPerSec : NaN
      }
      push('route', `${where}: req/s ÷ fetch-forwarding floor's`, 'ratio', v)
    }
  }
  return table(route.rows)
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
  log(reference ? `bench: official 6.4 from ${reference}` : `bench: ${referenceNote}`)

  const { child: server, url } = await startServer()
  serverPid = server.pid
  const all = {}
  try {
    for (const name of Object.keys(PLAN)) {
      if (only && !only.has(name)) continue
      log(`${name}:`)
      if (name === 'import') all[name] = await runImport(log)
      else if (name === 'route') all[name] = await runLoadedRoute(log)
      else all[name] = await runScenario(name, url, log)
    }
  } finally {
    server.disconnect()
    server.kill()
  }
  const finished = new Date()
  const loadEnd = os.loadavg()
  const { rows, floors, routeTable } = buildRows(all)
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
  const beat = all['relay-heartbeat'] && all['relay-heartbeat'].sequenceCheck
  if (beat && !beat.ok) failures.push(...beat.problems.map((p) => `relay-heartbeat: ${p}`))
  const agree = all['size-guard'] && all['size-guard'].agreement
  if (agree && agree.ok === false) failures.push(...agree.problems.map((p) => `size-guard: ${p}`))

  const metCount = rows.filter((r) => r.met === true).length
  const targetCount = rows.filter((r) => r.met !== null).length
  const header = [
    `Run: ${started.toISOString()} (${((finished - started) / 1000).toFixed(0)} s, ${quick ? '--quick' : 'full'})`,
    `Machine: ${info.nproc} CPUs, ${info.cpu}, ${info.memGB} GB, ${info.platform}; Node ${info.node}`,
    `Load average (1/5/15 min): start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, end ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}`,
    `Runs per package: ${Object.entries(PLAN)
      .filter(([n]) => all[n])
      .map(([n, p]) => `${n} ${runsOverride ?? p.runs}`)
      .join(', ')}. Figures are medians; ratios are ours/official from this run; n/a: the package lacks the feature.`,
    `Compared with: the official 2.0.0 (npm)${reference ? ' and the official 6.4 (built from source)' : ` only (${referenceNote})`}. Targets met: ${metCount}/${targetCount} (a target counts as met only when it is met against ${reference ? 'both builds' : 'every build that ran'}; import against 2.0.0 only).`,
  ]
  const md = [
    ...header.map((h) => `${h}  `),
    '',
    table,
    '',
    floorTable,
    routeTable ? `\nLoaded route (bench/route.js; ratios to the floors per run, then the median):\n\n${routeTable}` : '',
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
    reference: reference || null,
    referenceNote: referenceNote || null,
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
      'the official `@octavus/server-sdk` 2.0.0 (npm) and 6.4.0 (built from source) in the same run, each',
      'scenario in a fresh process per package and run, against the SSE stand-in `bench/server.js` in its',
      'own process on 127.0.0.1. See `bench/README.md` for what each scenario measures.',
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
