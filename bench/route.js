'use strict'
// Loaded-route benchmark: the SDK inside a route under concurrent load, against the same route
// without any SDK (the floor). Owns the orchestration, the figures and the table:
//   node bench/route.js [--clients 50,200,1000] [--frameworks node,express]
//                       [--variants none,ours,official,official64] [--reference DIR]
//                       [--seconds 5] [--warmup 1] [--tail 1] [--runs 3] [--deltas 200] [--request light|web]
//                       [--app-node-args "<node flags for the app, e.g. --cpu-prof>"]
//                       [--check-only] [--json] [--out FILE]
// Processes: the upstream stand-in (bench/route-upstream.js) for the whole run; per combination
// (framework × clients × variant) and run a FRESH app server (bench/route-app.js) and a load
// generator (bench/route-load.js). Before each measurement one request's body is parsed in full
// (>= <deltas> text-delta events, tool-output-available, no error event, [DONE] last); a failed
// check fails that combination loudly (stderr, FAILED row, exit code 1). Variant order alternates
// between runs; figures are medians over runs, ratios vs the floor are per run (same framework,
// clients and run) then the median. App RSS is read from /proc/<pid>/status (VmRSS sampled every
// 20 ms, VmHWM at the end); CPU, main-thread busy time and event-loop delay come from the app.
// Exports runRoute(options) → Promise<{ rows, raw }> for bench/run.js.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const http = require('node:http')
const { fork } = require('node:child_process')

const HERE = __dirname
const DEFAULT_REFERENCE = path.join(HERE, '..', '..', 'shared', 'reference', 'server-sdk-6.4.0')
const VARIANTS = ['none', 'fetch', 'ours', 'official', 'official64']
const FRAMEWORKS = ['node', 'express']
const TARGETS = { reqPerSecVsFloor: 0.95, mainVsFloor: 1.05, rssAboveFloorBytes: 10 * 1024 * 1024 }
const MB = 1024 * 1024

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------
// Child processes: every one is tracked and killed by its PID, also on errors and exits

const live = new Set()

function killAll() {
  for (const child of live) {
    try {
      process.kill(child.pid, 'SIGKILL')
    } catch {}
  }
  live.clear()
}

function spawnChild(file, argv, execArgv = []) {
  const child = fork(path.join(HERE, file), argv, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv })
  live.add(child)
  child.stderrTail = ''
  child.stderr.on('data', (d) => {
    child.stderrTail = (child.stderrTail + d).slice(-2000)
  })
  child.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child)
      resolve({ code, signal })
    }),
  )
  child.on('error', () => {})
  return child
}

/** Resolves the first IPC message of `type`; rejects on the child's exit, a `fatal` message or the timeout. */
function waitMessage(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${path.basename(child.spawnfile || 'child')}: no '${type}' in ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (m) => {
      if (m && m.type === type) done(null, m)
      else if (m && m.type === 'fatal') done(new Error(m.error))
    }
    const onExit = (code, signal) =>
      done(new Error(`child exited (${code}${signal ? `, ${signal}` : ''}) before '${type}': ${child.stderrTail.trim()}`))
    function done(err, m) {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      err ? reject(err) : resolve(m)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** Asks a child to exit (so --cpu-prof can write its profile), SIGKILL after `graceMs`. */
async function stopChild(child, graceMs = 10000) {
  if (!live.has(child)) return
  try {
    child.send({ cmd: 'exit' })
  } catch {}
  const exited = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)])
  if (!exited) {
    try {
      process.kill(child.pid, 'SIGKILL')
    } catch {}
    await child.exited
  }
}

// ---------------------------------------------------------------------------------------------
// /proc readings (Linux; NaN elsewhere)

function procStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)
      return m ? Number(m[1]) * 1024 : NaN
    }
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
  } catch {
    return { rss: NaN, hwm: NaN }
  }
}

/** CPU ms (user + system) process `pid` has used so far (Linux /proc; NaN elsewhere). */
function cpuMsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

function rssSampler(pid, everyMs = 20) {
  let peak = 0
  let samples = 0
  const timer = setInterval(() => {
    const { rss } = procStatus(pid)
    samples++
    if (rss > peak) peak = rss
  }, everyMs)
  return () => {
    clearInterval(timer)
    return { sampledPeak: peak, samples }
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP from the orchestrator: the correctness check and the light warm-up

function post(url, body, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)))
    req.on('error', reject)
    req.on('response', (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
    })
    req.end(body)
  })
}

function upstreamStats(url) {
  return new Promise((resolve) => {
    http
      .get(`${url}/stats`, (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve(JSON.parse(text)))
      })
      .on('error', () => resolve({}))
  })
}

const requestBody = (deltas) => JSON.stringify({ sessionId: `route.${deltas}`, q: 'hi' })

/** Parses one answer of the route in full; throws with what is wrong. */
async function checkRoute(url, deltas, variant) {
  const { status, headers, text } = await post(url, requestBody(deltas))
  const problems = []
  if (status !== 200) problems.push(`status ${status}`)
  if (!String(headers['content-type']).startsWith('text/event-stream')) problems.push(`content-type ${headers['content-type']}`)
  const blocks = text.split('\n\n')
  if (blocks.pop() !== '') problems.push('the body does not end with a blank line')
  let done = false
  let textDeltas = 0
  let toolOutput = null
  for (const block of blocks) {
    if (done) problems.push(`data after [DONE]: ${block.slice(0, 100)}`)
    if (!block.startsWith('data: ')) {
      problems.push(`not a data frame: ${block.slice(0, 100)}`)
      continue
    }
    const payload = block.slice(6)
    if (payload === '[DONE]') {
      done = true
      continue
    }
    let event
    try {
      event = JSON.parse(payload)
    } catch {
      problems.push(`not JSON: ${payload.slice(0, 100)}`)
      continue
    }
    if (event.type === 'text-delta') textDeltas++
    else if (event.type === 'tool-output-available') toolOutput = event
    else if (event.type === 'error') problems.push(`error event: ${payload.slice(0, 300)}`)
  }
  if (!done) problems.push('no [DONE]')
  if (textDeltas < deltas) problems.push(`${textDeltas} text-delta events, expected >= ${deltas}`)
  if (!toolOutput || toolOutput.toolCallId !== 'c1' || !toolOutput.output || toolOutput.output.n !== 1) {
    problems.push(`no tool-output-available for c1 with the lookup result (got ${JSON.stringify(toolOutput)})`)
  }
  if (problems.length) throw new Error(`correctness check failed for ${variant}: ${problems.join('; ')}`)
  return { bytes: Buffer.byteLength(text), textDeltas }
}

// ---------------------------------------------------------------------------------------------
// One combination

async function runCombination(opts, combo, upstream) {
  const { framework, variant, clients } = combo
  const appArgs = ['--framework', framework, '--variant', variant, '--upstream', upstream.url, '--request', opts.request]
  if (opts.reference) appArgs.push('--reference', opts.reference)
  const app = spawnChild('route-app.js', appArgs, opts.appNodeArgs)
  let load
  try {
    const ready = await waitMessage(app, 'ready', 30000)
    const url = `http://127.0.0.1:${ready.port}/api/chat`
    const check = await checkRoute(url, opts.deltas, variant)
    if (opts.checkOnly) return { ...combo, ok: true, check }
    // Light warm-up before the idle reading, so lazy modules and connection pools exist.
    for (let i = 0; i < 20; i++) await post(url, requestBody(opts.deltas))
    await sleep(300)
    const idle = procStatus(app.pid)
    const stopSampler = rssSampler(app.pid)
    load = spawnChild('route-load.js', [
      '--url',
      url,
      '--clients',
      String(clients),
      '--warmup',
      String(opts.warmup),
      '--seconds',
      String(opts.seconds),
      '--deltas',
      String(opts.deltas),
      '--tail',
      String(opts.tail),
    ])
    const budget = (opts.warmup + 60 + opts.seconds + opts.tail + 60) * 1000 // the load generator's warm-up waits up to 60 s for every client's first answer
    const measuring = waitMessage(load, 'measure', budget)
    const ending = waitMessage(load, 'end', budget)
    const resulting = waitMessage(load, 'result', budget)
    await measuring
    app.send({ cmd: 'reset' })
    await waitMessage(app, 'reset', 30000)
    const upCpu0 = cpuMsOf(upstream.child.pid)
    const upStats0 = await upstreamStats(upstream.url)
    await ending
    app.send({ cmd: 'report' })
    const appReport = await waitMessage(app, 'report', 30000)
    const upstreamCpuMs = cpuMsOf(upstream.child.pid) - upCpu0
    const upStats1 = await upstreamStats(upstream.url)
    const upstreamRequests = {}
    for (const k of Object.keys(upStats1)) upstreamRequests[k] = upStats1[k] - (upStats0[k] || 0)
    const loadResult = await resulting
    const { sampledPeak, samples } = stopSampler()
    const end = procStatus(app.pid)
    const peakRss = Math.max(sampledPeak, end.hwm || 0)
    const ok = loadResult.errorCount === 0 && appReport.serverErrors === 0 && loadResult.completed > 0
    return {
      ...combo,
      ok,
      error: ok ? undefined : loadResult.firstError || appReport.firstServerError || 'no request completed',
      check,
      load: loadResult,
      app: appReport,
      rss: { idle: idle.rss, peak: peakRss, sampledPeak, hwm: end.hwm, atEnd: end.rss, samples },
      upstreamCpuMs,
      upstreamRequests,
      // How late the app's window starts and ends after the load generator's (IPC through this process).
      appWindowLagMs: { start: (appReport.hrStart - loadResult.hrStart) / 1e6, end: (appReport.hrEnd - loadResult.hrEnd) / 1e6 },
    }
  } catch (err) {
    return { ...combo, ok: false, error: String((err && err.message) || err) }
  } finally {
    if (load) {
      try {
        process.kill(load.pid, 'SIGKILL')
      } catch {}
      await load.exited
    }
    await stopChild(app)
  }
}

async function upstreamProcess() {
  const child = spawnChild('route-upstream.js', [])
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the upstream did not report its port')), 30000)
    child.once('message', (m) => {
      clearTimeout(timer)
      resolve(m.port)
    })
    child.once('exit', (code) => reject(new Error(`the upstream exited (${code}): ${child.stderrTail}`)))
  })
  return { child, url: `http://127.0.0.1:${port}` }
}

// ---------------------------------------------------------------------------------------------
// Figures

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return NaN
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

/** The numeric figures of one run of one combination. */
function figures(r) {
  if (!r.ok && !r.load) return null
  const { load, app } = r
  const served = app.completed || NaN
  return {
    reqPerSec: load.reqPerSec,
    ttfbP50Ms: load.ttfbMs.p50,
    ttfbP99Ms: load.ttfbMs.p99,
    ttlbP50Ms: load.ttlbMs.p50,
    ttlbP99Ms: load.ttlbMs.p99,
    errors: load.errorCount + app.serverErrors,
    idleRssBytes: r.rss.idle,
    peakRssBytes: r.rss.peak,
    rssGrowthBytes: r.rss.peak - r.rss.idle,
    eldP99Ms: app.eld.p99Ms,
    cpuMsPerReq: (app.cpuUserMs + app.cpuSystemMs) / served,
    mainMsPerReq: app.mainActiveMs / served,
    mainCpuMsPerReq: app.mainCpuMs / served,
    mainWaitMsPerReq: app.mainRunqueueWaitMs / served,
    mainUtilization: app.mainUtilization,
    loadCpuUtilization: load.load.cpuUtilization,
    upstreamCpuMsPerReq: r.upstreamCpuMs / load.completed,
    writesPerReq: app.writesPerRequest,
  }
}

const NUMERIC = [
  'reqPerSec',
  'ttfbP50Ms',
  'ttfbP99Ms',
  'ttlbP50Ms',
  'ttlbP99Ms',
  'errors',
  'idleRssBytes',
  'peakRssBytes',
  'rssGrowthBytes',
  'eldP99Ms',
  'cpuMsPerReq',
  'mainMsPerReq',
  'mainCpuMsPerReq',
  'mainWaitMsPerReq',
  'mainUtilization',
  'loadCpuUtilization',
  'upstreamCpuMsPerReq',
  'writesPerReq',
]

/** Median rows per framework × clients × variant, with per-run ratios to the floor and the targets for ours. */
function summarise(raw, opts) {
  const rows = []
  const key = (r) => `${r.framework}|${r.clients}|${r.variant}`
  const groups = new Map()
  for (const r of raw) {
    if (!groups.has(key(r))) groups.set(key(r), [])
    groups.get(key(r)).push(r)
  }
  const floorOf = (r) => raw.find((f) => f.variant === 'none' && f.framework === r.framework && f.clients === r.clients && f.run === r.run)
  for (const framework of opts.frameworks) {
    for (const clients of opts.clients) {
      for (const variant of opts.variants) {
        const runs = groups.get(`${framework}|${clients}|${variant}`) || []
        const figs = runs.map(figures)
        const good = figs.filter(Boolean)
        const row = { framework, clients, variant, runs: runs.length, ok: runs.length > 0 && runs.every((r) => r.ok) }
        const failures = runs.filter((r) => !r.ok).map((r) => r.error)
        if (failures.length) row.error = failures[0]
        for (const k of NUMERIC) row[k] = median(good.map((f) => f[k]))
        row.errors = good.reduce((sum, f) => sum + f.errors, 0) // total over runs
        const ratios = { reqPerSec: [], mainMsPerReq: [], mainCpuMsPerReq: [], cpuMsPerReq: [], peakRssBytes: [] }
        for (const r of runs) {
          const f = figures(r)
          const floor = floorOf(r)
          const ff = floor && figures(floor)
          if (!f || !ff) continue
          ratios.reqPerSec.push(f.reqPerSec / ff.reqPerSec)
          ratios.mainMsPerReq.push(f.mainMsPerReq / ff.mainMsPerReq)
          ratios.mainCpuMsPerReq.push(f.mainCpuMsPerReq / ff.mainCpuMsPerReq)
          ratios.cpuMsPerReq.push(f.cpuMsPerReq / ff.cpuMsPerReq)
          ratios.peakRssBytes.push(f.peakRssBytes - ff.peakRssBytes)
        }
        row.reqPerSecVsFloor = median(ratios.reqPerSec)
        row.mainVsFloor = median(ratios.mainMsPerReq)
        row.mainCpuVsFloor = median(ratios.mainCpuMsPerReq)
        row.cpuVsFloor = median(ratios.cpuMsPerReq)
        row.rssAboveFloorBytes = median(ratios.peakRssBytes)
        row.targets =
          variant === 'ours'
            ? {
                reqPerSecVsFloor: {
                  limit: TARGETS.reqPerSecVsFloor,
                  value: row.reqPerSecVsFloor,
                  met: row.reqPerSecVsFloor >= TARGETS.reqPerSecVsFloor,
                },
                mainVsFloor: { limit: TARGETS.mainVsFloor, value: row.mainVsFloor, met: row.mainVsFloor <= TARGETS.mainVsFloor },
                mainCpuVsFloor: { limit: TARGETS.mainVsFloor, value: row.mainCpuVsFloor, met: row.mainCpuVsFloor <= TARGETS.mainVsFloor },
                rssAboveFloorBytes: {
                  limit: TARGETS.rssAboveFloorBytes,
                  value: row.rssAboveFloorBytes,
                  met: row.rssAboveFloorBytes <= TARGETS.rssAboveFloorBytes,
                },
              }
            : null
        rows.push(row)
      }
    }
  }
  return rows
}

const num = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a')
const ms = (v) => (!Number.isFinite(v) ? 'n/a' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2))
const ratio = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a')
const mark = (target) => (!target || !Number.isFinite(target.value) ? '' : target.met ? ' ✓' : ' ✗')

function table(rows) {
  const head = [
    'framework',
    'clients',
    'variant',
    'req/s',
    'vs floor',
    'TTFB p50/p99 ms',
    'TTLB p50/p99 ms',
    'errors',
    'idle RSS MB',
    'peak RSS MB',
    'RSS above floor MB',
    'ELD p99 ms',
    'CPU ms/req',
    'main ms/req',
    'main vs floor',
    'main CPU ms/req',
    'main CPU vs floor',
    'load-gen CPU',
  ]
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i < 3 ? '---' : '--:')).join('|')}|`]
  for (const r of rows) {
    if (!r.runs) continue
    const t = r.targets
    if (!Number.isFinite(r.reqPerSec)) {
      lines.push(`| ${r.framework} | ${r.clients} | ${r.variant} | FAILED: ${String(r.error).replace(/\|/g, '/').slice(0, 200)} |`)
      continue
    }
    const floor = r.variant === 'none'
    lines.push(
      `| ${[
        r.framework,
        r.clients,
        r.variant,
        num(r.reqPerSec, 0),
        floor ? '1' : ratio(r.reqPerSecVsFloor) + mark(t && t.reqPerSecVsFloor),
        `${ms(r.ttfbP50Ms)} / ${ms(r.ttfbP99Ms)}`,
        `${ms(r.ttlbP50Ms)} / ${ms(r.ttlbP99Ms)}`,
        r.ok ? String(r.errors) : `**${r.errors}** ${String(r.error || '').slice(0, 80)}`,
        num(r.idleRssBytes / MB),
        num(r.peakRssBytes / MB),
        floor ? '0' : num(r.rssAboveFloorBytes / MB) + mark(t && t.rssAboveFloorBytes),
        ms(r.eldP99Ms),
        num(r.cpuMsPerReq, 3),
        num(r.mainMsPerReq, 3),
        floor ? '1' : ratio(r.mainVsFloor) + mark(t && t.mainVsFloor),
        num(r.mainCpuMsPerReq, 3),
        floor ? '1' : ratio(r.mainCpuVsFloor) + mark(t && t.mainCpuVsFloor),
        `${num(r.loadCpuUtilization * 100, 0)}%`,
      ].join(' | ')} |`,
    )
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// Entry points

function resolveOptions(options = {}) {
  const reference = options.reference || (fs.existsSync(path.join(DEFAULT_REFERENCE, 'index.mjs')) ? DEFAULT_REFERENCE : undefined)
  let variants = options.variants || VARIANTS
  const skipped = []
  if (!reference && variants.includes('official64')) {
    variants = variants.filter((v) => v !== 'official64')
    skipped.push('official64 (no --reference DIR and no default reference)')
  }
  return {
    clients: options.clients || [50, 200, 1000],
    frameworks: options.frameworks || FRAMEWORKS,
    variants,
    reference,
    seconds: options.seconds ?? 5,
    warmup: options.warmup ?? 1,
    tail: options.tail ?? 1,
    runs: options.runs ?? 3,
    deltas: options.deltas ?? 200,
    request: options.request || 'light',
    appNodeArgs: options.appNodeArgs || [],
    checkOnly: !!options.checkOnly,
    log: options.log || ((line) => process.stderr.write(`${line}\n`)),
    skipped,
  }
}

/**
 * Runs the loaded-route benchmark. `options` (all optional): { clients: number[], frameworks:
 * string[], variants: string[], reference, seconds, warmup, tail, runs, deltas, request:
 * 'light'|'web', appNodeArgs: string[], checkOnly, log(line) }.
 * Resolves { rows, raw, options, machine }. One row per framework × clients × variant (table
 * order), numbers not strings (NaN when unknown), medians over the runs:
 *   framework, clients, variant, runs, ok, error (first failure, when any)
 *   reqPerSec, ttfbP50Ms, ttfbP99Ms, ttlbP50Ms, ttlbP99Ms (client side), errors (sum over runs)
 *   idleRssBytes, peakRssBytes, rssGrowthBytes (peak − idle), eldP99Ms (beyond the 10 ms tick)
 *   cpuMsPerReq (app process, all threads), mainMsPerReq (ELU active time), mainCpuMsPerReq and
 *   mainWaitMsPerReq (main thread on CPU / waiting for a core, schedstat), mainUtilization,
 *   loadCpuUtilization (load generator CPU ÷ window), upstreamCpuMsPerReq, writesPerReq
 *   reqPerSecVsFloor, mainVsFloor, mainCpuVsFloor, cpuVsFloor (ratios to `none` of the same run),
 *   rssAboveFloorBytes (peak − the floor's peak)
 *   targets: for `ours`, { reqPerSecVsFloor, mainVsFloor, mainCpuVsFloor, rssAboveFloorBytes }
 *   each { limit, value, met }; null for the other variants
 * `raw`: every run's load, app and RSS figures as measured.
 */
async function runRoute(options) {
  const opts = resolveOptions(options)
  const { log } = opts
  for (const s of opts.skipped) log(`skipping ${s}`)
  const machine = { cpus: os.cpus().length, node: process.version, loadStart: os.loadavg() }
  const upstream = await upstreamProcess()
  const raw = []
  try {
    for (let run = 0; run < (opts.checkOnly ? 1 : opts.runs); run++) {
      const order = run % 2 ? opts.variants.slice().reverse() : opts.variants
      for (const framework of opts.frameworks) {
        for (const clients of opts.checkOnly ? [opts.clients[0]] : opts.clients) {
          for (const variant of order) {
            const r = await runCombination(opts, { framework, clients, variant, run }, upstream)
            raw.push(r)
            if (!r.ok) log(`FAILED ${framework} ${clients} ${variant} run ${run + 1}: ${r.error}`)
            else if (opts.checkOnly) log(`ok ${framework} ${variant}: ${r.check.textDeltas} text-delta, ${r.check.bytes} bytes`)
            else {
              const f = figures(r)
              log(
                `run ${run + 1} ${framework} ${clients} ${variant}: ${f.reqPerSec.toFixed(0)} req/s, main ${f.mainMsPerReq.toFixed(3)} ms/req, ` +
                  `CPU ${f.cpuMsPerReq.toFixed(3)} ms/req, peak RSS ${(f.peakRssBytes / MB).toFixed(1)} MB, load-gen CPU ${(f.loadCpuUtilization * 100).toFixed(0)}%`,
              )
            }
          }
        }
      }
    }
  } finally {
    await stopChild(upstream.child, 2000)
  }
  machine.loadEnd = os.loadavg()
  return { rows: opts.checkOnly ? [] : summarise(raw, opts), raw, options: { ...opts, log: undefined }, machine }
}

async function cli() {
  const args = process.argv.slice(2)
  const option = (name) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const list = (name) => (option(name) ? option(name).split(',').filter(Boolean) : undefined)
  const number = (name) => (option(name) !== undefined ? Number(option(name)) : undefined)
  const options = {
    clients: list('--clients') && list('--clients').map(Number),
    frameworks: list('--frameworks'),
    variants: list('--variants'),
    reference: option('--reference') && path.resolve(option('--reference')),
    seconds: number('--seconds'),
    warmup: number('--warmup'),
    tail: number('--tail'),
    runs: number('--runs'),
    deltas: number('--deltas'),
    request: option('--request'),
    appNodeArgs: option('--app-node-args') ? option('--app-node-args').split(' ').filter(Boolean) : undefined,
    checkOnly: args.includes('--check-only'),
  }
  for (const f of options.frameworks || []) if (!FRAMEWORKS.includes(f)) throw new Error(`unknown framework ${f}`)
  for (const v of options.variants || []) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`)
  const result = await runRoute(options)
  const failed = result.raw.some((r) => !r.ok)
  if (option('--out')) fs.writeFileSync(option('--out'), JSON.stringify(result, null, 2))
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ rows: result.rows, raw: result.raw, machine: result.machine }, null, 2)}\n`)
  } else if (!options.checkOnly) {
    const o = result.options
    const m = result.machine
    console.log(
      `Loaded route: ${o.runs} run(s), ${o.warmup} s warm-up + ${o.seconds} s measured, ${o.deltas} deltas/answer, request ${o.request}; ` +
        `${m.cpus} CPUs shared by app, upstream and load generator; Node ${m.node}; load average ${m.loadStart.map((x) => x.toFixed(2)).join(' ')} → ${m.loadEnd.map((x) => x.toFixed(2)).join(' ')}\n`,
    )
    console.log(table(result.rows))
    console.log(
      `\nTargets for ours (✓ met, ✗ not met): req/s ≥ ${TARGETS.reqPerSecVsFloor}× the floor's, main-thread ms/req ≤ ${TARGETS.mainVsFloor}× the floor's ` +
        `(marked on both the ELU figure and the main thread's on-CPU figure), peak RSS ≤ ${TARGETS.rssAboveFloorBytes / MB} MB above the floor's.`,
    )
  }
  if (failed) {
    console.error('\nSOME COMBINATIONS FAILED (see FAILED above)')
    process.exitCode = 1
  }
}

module.exports = { runRoute, table, TARGETS, cpuMsOf }

if (require.main === module) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killAll()
      process.exit(130)
    })
  }
  process.on('exit', killAll)
  cli().catch((err) => {
    console.error(err && err.stack ? err.stack : err)
    killAll()
    process.exit(1)
  })
}
