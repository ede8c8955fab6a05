'use strict'
// One benchmark scenario for one package, in a fresh process (started by bench/run.js):
//   node --expose-gc bench/scenario.js <scenario> <package> <baseUrl> [paramsJson]
// <package>: ours, official (the official 2.0.0, dev dependency), official64 (the official 6.4
// built from source: `index.mjs` in the directory OCTAVUS_BENCH_REFERENCE), raw (no SDK),
// ours-observed (ours with a subscriber on every diagnostics channel but the payload one), or
// baseline (another build of ours, the directory in OCTAVUS_BENCH_BASELINE).
// Prints one line `RESULT <json>` with the figures. Process-wide figures (CPU of all threads,
// peak RSS) are this package's alone because nothing else runs in this process. A package
// without the feature a scenario measures answers `{ ok: true, skipped: <why> }` (shown n/a).

const http = require('node:http')
const path = require('node:path')
const crypto = require('node:crypto')
const { pathToFileURL } = require('node:url')
const { performance } = require('node:perf_hooks')

const [, , scenario, pkgName, baseUrl, paramsJson] = process.argv
const params = paramsJson ? JSON.parse(paramsJson) : {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const gc = () => {
  if (global.gc) {
    global.gc()
    global.gc()
  }
}
const trigger = { type: 'trigger', triggerName: 'bench', input: { user: 'bench' } }
const hrNs = () => Number(process.hrtime.bigint())

/** Messages the `ours-observed` subscribers received. */
let observedMessages = 0

async function loadPackage(name) {
  if (name === 'ours') return require('..')
  if (name === 'ours-observed') return observeAll(require('..'))
  if (name === 'baseline') return require(path.resolve(process.env.OCTAVUS_BENCH_BASELINE))
  if (name === 'official') return import('@octavus/server-sdk')
  if (name === 'official64') {
    const dir = process.env.OCTAVUS_BENCH_REFERENCE
    if (!dir) throw new Error('official64 needs OCTAVUS_BENCH_REFERENCE (the directory of the official 6.4 index.mjs)')
    return import(pathToFileURL(path.join(dir, 'index.mjs')).href)
  }
  return null
}

/** Builds of our package: they take options the official's do not (e.g. `heartbeatMs`). */
const isOurs = (name) => name === 'ours' || name === 'ours-observed' || name === 'baseline'

/** The 6.x tool-result size guard (2.0.0 sends results of any size). */
const hasSizeGuard = (sdk) => typeof sdk.enforceToolResultsSize === 'function' && typeof sdk.MAX_CONTINUATION_BODY_BYTES === 'number'

const skip = (why) => ({ ok: true, skipped: why })

/** What an APM agent does: a subscriber on every diagnostics channel (payloads excluded). */
function observeAll(sdk) {
  const dc = require('node:diagnostics_channel')
  const count = () => {
    observedMessages++
  }
  for (const [key, name] of Object.entries(sdk.diagnosticsChannels)) if (key !== 'toolPayload') dc.subscribe(name, count)
  return sdk
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

/** CPU ms per thread name (Linux /proc; {} elsewhere), to see where an SDK spends its time. */
function threadCpu() {
  const out = {}
  let tids
  try {
    tids = require('node:fs').readdirSync('/proc/self/task')
  } catch {
    return out
  }
  const tick = 1000 / 100 // USER_HZ
  for (const tid of tids) {
    try {
      const stat = require('node:fs').readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const name = stat.slice(stat.indexOf('(') + 1, close).replace(/[0-9]+$/, '#')
      const fields = stat.slice(close + 2).split(' ')
      const ms = (Number(fields[11]) + Number(fields[12])) * tick
      out[name] = (out[name] || 0) + ms
    } catch {}
  }
  return out
}

function threadDelta(before, after) {
  const out = {}
  for (const k of Object.keys(after)) {
    const d = after[k] - (before[k] || 0)
    if (d > 0) out[k] = d
  }
  return out
}

/** Starts the clocks; `stop(events)` returns rate, CPU and main-thread figures for the span. */
function meter() {
  const threads0 = threadCpu()
  const cpu0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  return (events) => {
    const wallMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const elu = performance.eventLoopUtilization(elu0)
    const cpuUs = cpu.user + cpu.system
    return {
      events,
      wallMs,
      eventsPerSec: (events / wallMs) * 1000,
      cpuUsPerEvent: cpuUs / events,
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      mainBusyUsPerEvent: (elu.active * 1000) / events,
      mainUtilization: elu.utilization,
      threadCpuMs: threadDelta(threads0, threadCpu()),
    }
  }
}

/** Samples RSS every `ms` until stopped; returns the peak seen. */
function rssSampler(ms = 25) {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss()
    if (rss > peak) peak = rss
  }, ms)
  return () => {
    clearInterval(timer)
    const rss = process.memoryUsage.rss()
    return rss > peak ? rss : peak
  }
}

const peakRss = () => process.resourceUsage().maxRSS * 1024

function session(sdk, id, tools, options) {
  const client = new sdk.OctavusClient({ baseUrl, apiKey: 'bench-key', ...params.client })
  return client.agentSessions.attach(id, { ...(tools ? { tools } : {}), ...options })
}

/** GET on the bench server with a one-off connection (no SDK's pool is touched). */
function benchGet(pathname) {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${pathname}`, { agent: false }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

async function countEvents(iterable) {
  let n = 0
  for await (const _ of iterable) n++
  return n
}

async function readAll(stream, keep) {
  const reader = stream.getReader()
  let bytes = 0
  let chunks = 0
  const kept = keep ? [] : null
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    bytes += value.byteLength
    chunks++
    if (kept) kept.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
  }
  return { bytes, chunks, kept }
}

/**
 * SSE text → data payloads (JSON-parsed), whether `[DONE]` was seen, and the comment blocks:
 * `heartbeats` (exactly `: heartbeat`) and `otherBlocks` (blocks without data that are not a
 * heartbeat, e.g. a comment cut into a frame).
 */
function parseSse(text) {
  const events = []
  let done = false
  let heartbeats = 0
  let otherBlocks = 0
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block) continue
    const data = []
    for (const line of block.split(/\r?\n/)) if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
    if (!data.length) {
      if (block === ': heartbeat') heartbeats++
      else otherBlocks++
      continue
    }
    const payload = data.join('\n')
    if (payload === '[DONE]') done = true
    else events.push(JSON.parse(payload))
  }
  return { events, done, heartbeats, otherBlocks }
}

/** JSON with sorted keys, so events compare by content, not key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

function digest(events) {
  const h = crypto.createHash('sha256')
  for (const e of events) h.update(canonical(e) + '\n')
  return h.digest('hex')
}

// ---------------------------------------------------------------------------------------------
// Raw floors: node:http without any SDK

function rawRequest(id, onData) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ triggerName: 'bench', input: { user: 'bench' } })
    const req = http.request(`${baseUrl}/api/agent-sessions/${id}/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    req.on('response', (res) => {
      res.on('data', onData)
      res.on('end', resolve)
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function floorIterate(n) {
  let count = 0
  let rest = ''
  const onData = (chunk) => {
    const text = rest + chunk.toString('latin1') // ASCII stream; a real floor would keep a StringDecoder
    const frames = text.split('\n\n')
    rest = frames.pop()
    for (const f of frames) {
      const payload = f.slice(6)
      if (payload !== '[DONE]') {
        JSON.parse(payload)
        count++
      }
    }
  }
  await rawRequest(`bulk.${n}`, onData)
  return count
}

async function floorRelay(n) {
  let bytes = 0
  await rawRequest(`bulk.${n}`, (chunk) => {
    bytes += chunk.length
  })
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const scenarios = {
  async iterate(sdk) {
    const n = params.events
    if (!sdk) {
      await floorIterate(2000)
      gc()
      const stop = meter()
      const count = await floorIterate(n)
      return { ...stop(count), peakRss: peakRss(), ok: count === n + 4 }
    }
    await countEvents(session(sdk, 'bulk.2000').execute(trigger))
    gc()
    const rss0 = process.memoryUsage.rss()
    const stop = meter()
    let count = 0
    let deltas = 0
    for await (const event of session(sdk, `bulk.${n}`).execute(trigger)) {
      count++
      if (event.type === 'text-delta') deltas++
    }
    const m = stop(count)
    return { ...m, deltas, ok: deltas === n && count === n + 4, rssBefore: rss0, peakRss: peakRss() }
  },

  async relay(sdk) {
    const n = params.events
    if (!sdk) {
      await floorRelay(2000)
      gc()
      const stop = meter()
      const bytes = await floorRelay(n)
      return { ...stop(n + 4), bytes, peakRss: peakRss(), ok: true }
    }
    const relayOnce = (id, keep) => readAll(sdk.toSSEStream(session(sdk, id).execute(trigger)), keep)
    await relayOnce('bulk.2000', false)
    gc()
    const stop = meter()
    const { bytes, chunks } = await relayOnce(`bulk.${n}${params.deltaLength ? `.${params.deltaLength}` : ''}`, false)
    const m = stop(n + 4)
    const peak = peakRss()
    if (params.verify === false) return { ...m, bytes, chunks, bytesPerChunk: bytes / chunks, peakRss: peak, ok: true }
    // Untimed: the same stream again, kept and parsed, for the sequence check.
    const kept = await relayOnce(`bulk.${n}`, true)
    const parsed = parseSse(Buffer.concat(kept.kept).toString('utf8'))
    // And a varied stream with a tool round, compared event by event by the runner.
    const tools = {
      echo: async (args) => ({ echoed: args }),
      fail: async () => {
        throw new Error('tool failed on purpose')
      },
    }
    const mixedText = Buffer.concat((await readAll(sdk.toSSEStream(session(sdk, `mixed.${pkgName}`, tools).execute(trigger)), true)).kept).toString(
      'utf8',
    )
    const mixed = parseSse(mixedText)
    const iterated = []
    for await (const e of session(sdk, `mixed.${pkgName}-it`, tools).execute(trigger)) iterated.push(e)
    return {
      ...m,
      bytes,
      chunks,
      bytesPerChunk: bytes / chunks,
      peakRss: peak,
      sequence: { count: parsed.events.length, done: parsed.done, digest: digest(parsed.events) },
      mixed: { events: mixed.events.map(canonical), done: mixed.done, iterated: iterated.map(canonical) },
      ok: parsed.done && parsed.events.length === n + 4,
    }
  },

  async 'relay-stall'(sdk) {
    const n = params.events
    const pauseMs = params.pauseMs
    await readAll(sdk.toSSEStream(session(sdk, 'bulk.2000').execute(trigger)), false)
    gc()
    await sleep(100)
    const rss0 = process.memoryUsage.rss()
    // RSS is sampled while the reader is stalled and, separately, while it drains.
    let stalledPeak = rss0
    let drainPeak = rss0
    let draining = false
    const sample = () => {
      const rss = process.memoryUsage.rss()
      if (draining) drainPeak = Math.max(drainPeak, rss)
      else stalledPeak = Math.max(stalledPeak, rss)
    }
    const timer = setInterval(sample, 20)
    const t0 = performance.now()
    const reader = sdk.toSSEStream(session(sdk, `bulk.${n}`).execute(trigger)).getReader()
    let bytes = 0
    const first = await reader.read()
    bytes += first.value.byteLength
    await sleep(pauseMs)
    sample()
    const mem = process.memoryUsage()
    draining = true
    const tResume = performance.now()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      bytes += value.byteLength
    }
    const tEnd = performance.now()
    sample()
    clearInterval(timer)
    return {
      rssBefore: rss0,
      stalledGrowth: stalledPeak - rss0,
      drainGrowth: drainPeak - rss0,
      peakGrowth: Math.max(stalledPeak, drainPeak) - rss0,
      atPauseEnd: { heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers, rss: mem.rss },
      drainMs: tEnd - tResume,
      wallMs: tEnd - t0,
      bytes,
      ok: bytes > 0,
    }
  },

  async tools(sdk) {
    const rounds = params.rounds
    const run = async (tag, r) => {
      const calls = []
      const tools = {
        echo: async (args) => {
          calls.push(performance.now())
          return { ok: true, round: args.round }
        },
      }
      let outputs = 0
      let finish = null
      for await (const e of session(sdk, `tools.${r}.${tag}`, tools).execute(trigger)) {
        if (e.type === 'tool-output-available') outputs++
        if (e.type === 'finish') finish = e.finishReason
      }
      return { calls, outputs, finish }
    }
    await run(`warm-${pkgName}-${process.pid}`, 10)
    gc()
    const tag = `${pkgName}-${process.pid}`
    const stop = meter()
    const { calls, outputs, finish } = await run(tag, rounds)
    const m = stop(rounds)
    const gaps = []
    for (let i = 1; i < calls.length; i++) gaps.push((calls[i] - calls[i - 1]) * 1000)
    gaps.sort((a, b) => a - b)
    const server = await benchGet(`/bench/stats/${tag}`)
    const sgaps = server.gapsUs.slice().sort((a, b) => a - b)
    return {
      rounds,
      roundTripUs: { p50: quantile(gaps, 0.5), p90: quantile(gaps, 0.9), mean: gaps.reduce((a, b) => a + b, 0) / gaps.length },
      // Server side: end of a round's response → the continuation request fully received.
      serverGapUs: { p50: quantile(sgaps, 0.5), p90: quantile(sgaps, 0.9) },
      cpuUsPerRound: m.cpuUsPerEvent,
      mainBusyUsPerRound: m.mainBusyUsPerEvent,
      wallMs: m.wallMs,
      ok: outputs === rounds && finish === 'stop' && calls.length === rounds,
    }
  },

  /** The tools scenario with 50 rounds (PLAN gives its params): one execution's whole loop. */
  'tool-loop-50'(sdk) {
    return scenarios.tools(sdk)
  },

  /**
   * A tool returns a result over the continuation budget (4 MiB − 256 KiB): the size guard cuts
   * it. Times handler return → continuation received (both clocks are CLOCK_MONOTONIC), the
   * process's peak RSS growth, and what the server received.
   */
  async 'size-guard'(sdk) {
    if (!hasSizeGuard(sdk)) return skip('no tool-result size guard (2.0.0 sends results of any size)')
    const { rounds, resultBytes } = params
    // ASCII (bytes = characters), flat (not a rope that the first use would flatten), built before the baseline.
    const big = Buffer.alloc(resultBytes, 'x').toString('latin1')
    const run = async (tag, r, result) => {
      const returned = []
      const truncations = []
      const tools = {
        echo: async (args) => {
          const value = { round: args.round, data: result }
          returned.push(hrNs())
          return value
        },
      }
      let outputs = 0
      let fullOutputs = 0
      let finish = null
      const onToolResultTruncated = (t) => truncations.push(t)
      for await (const e of session(sdk, `tools.${r}.${tag}`, tools, { onToolResultTruncated }).execute(trigger)) {
        if (e.type === 'tool-output-available') {
          outputs++
          if (e.output && e.output.data === result) fullOutputs++
        }
        if (e.type === 'finish') finish = e.finishReason
      }
      return { returned, truncations, outputs, fullOutputs, finish }
    }
    await run(`warm-${pkgName}-${process.pid}`, 3, 'small')
    gc()
    await sleep(50)
    const rss0 = process.memoryUsage.rss()
    const maxRss0 = peakRss()
    const stopSampler = rssSampler(5)
    const tag = `${pkgName}-${process.pid}`
    const r = await run(tag, rounds, big)
    const sampledPeak = stopSampler()
    const maxRss1 = peakRss()
    // maxRSS catches peaks between samples, but only when this round set a new one.
    const peak = maxRss1 > maxRss0 ? maxRss1 : sampledPeak
    const server = await benchGet(`/bench/stats/${tag}`)
    const conts = server.continuations || []
    const lat = conts.slice(0, r.returned.length).map((c, i) => (Number(BigInt(c.arrivedNs)) - r.returned[i]) / 1e6)
    const sortedLat = lat.slice().sort((a, b) => a - b)
    const results = conts.slice(0, rounds).map((c) => c.results[0] || {})
    const bodies = conts.slice(0, rounds).map((c) => c.bodyBytes)
    const truncated = results.length === rounds && results.every((x) => x.resultType === 'string' && x.resultBytes < resultBytes)
    const t = r.truncations[0] || {}
    const outcome = {
      truncated,
      hookCalls: r.truncations.length,
      originalBytes: t.originalBytes,
      keptBytes: t.keptBytes,
      variableCapture: t.variableCapture,
      consumerGotFullOutput: r.fullOutputs === rounds,
      finish: r.finish,
    }
    return {
      rounds,
      resultBytes,
      returnToReceivedMs: { p50: quantile(sortedLat, 0.5), max: sortedLat[sortedLat.length - 1], all: lat },
      peakRssGrowth: peak - rss0,
      bodyBytes: quantile(
        bodies.slice().sort((a, b) => a - b),
        0.5,
      ),
      outcome,
      serverSaw: results[0],
      ok: r.outputs === rounds && r.finish === 'stop' && truncated && r.truncations.length === rounds && r.fullOutputs === rounds,
    }
  },

  /**
   * toSSEStream over a paced stream (bursts every few ms), with heartbeats: ours at a short
   * `heartbeatMs`; the official 6.4 has no option (a fixed 15 s), so it writes none in this
   * stream. Optionally (params.defaultCheckMs) also a quiet stream at the default interval.
   */
  async 'relay-heartbeat'(sdk) {
    if (!hasSizeGuard(sdk)) return skip('no heartbeat (2.0.0 toSSEStream writes none)')
    const { events, burst, intervalMs, heartbeatMs, defaultCheckMs } = params
    const options = isOurs(pkgName) ? { heartbeatMs } : undefined
    const relay = async (id, opts) => {
      const { kept } = await readAll(sdk.toSSEStream(session(sdk, id).execute(trigger), opts), true)
      return Buffer.concat(kept).toString('utf8')
    }
    await relay(`beat.200.100.${intervalMs}`, options)
    gc()
    const stop = meter()
    const text = await relay(`beat.${events}.${burst}.${intervalMs}`, options)
    const m = stop(events + 4)
    const parsed = parseSse(text)
    const result = {
      heartbeatMs: options ? heartbeatMs : 15000,
      cpuUsPerEvent: m.cpuUsPerEvent,
      mainBusyUsPerEvent: m.mainBusyUsPerEvent,
      eventsPerSec: m.eventsPerSec,
      wallMs: m.wallMs,
      heartbeats: parsed.heartbeats,
      otherBlocks: parsed.otherBlocks,
      sequence: { count: parsed.events.length, done: parsed.done, digest: digest(parsed.events) },
      ok: parsed.done && parsed.events.length === events + 4 && parsed.otherBlocks === 0 && (!options || parsed.heartbeats > 0),
    }
    if (defaultCheckMs) {
      // Untimed: one delta after a silence longer than 15 s, relayed with the default options.
      const quiet = parseSse(await relay(`beat.1.1.${defaultCheckMs}`))
      result.defaultCheck = {
        silenceMs: defaultCheckMs,
        heartbeats: quiet.heartbeats,
        otherBlocks: quiet.otherBlocks,
        sequence: { count: quiet.events.length, done: quiet.done, digest: digest(quiet.events) },
      }
      if (!quiet.done || quiet.otherBlocks || quiet.heartbeats !== Math.floor(defaultCheckMs / 15000)) result.ok = false
    }
    return result
  },

  /** agentSessions.start(): the deferred create-and-trigger, one client, `iterations` sessions. */
  async start(sdk) {
    const client = new sdk.OctavusClient({ baseUrl, apiKey: 'bench-key' })
    if (typeof client.agentSessions.start !== 'function') return skip('no agentSessions.start() (2.0.0)')
    const { events, iterations } = params
    const once = async (n) => {
      const created = []
      const t0 = performance.now()
      const s = client.agentSessions.start({ agentId: `bulk.${n}`, input: { user: 'bench' }, onSessionCreated: (id) => created.push(id) })
      let first = NaN
      let count = 0
      let createdBeforeFirst = false
      let startSessionId
      for await (const e of s.execute(trigger)) {
        if (count === 0) {
          first = performance.now()
          createdBeforeFirst = created.length === 1
        }
        if (e.type === 'start') startSessionId = e.sessionId
        count++
      }
      const end = performance.now()
      const ok = count === n + 4 && created.length === 1 && createdBeforeFirst && created[0] === startSessionId && s.getSessionId() === created[0]
      return { firstMs: first - t0, totalMs: end - t0, count, created: created.length, ok }
    }
    for (let i = 0; i < 3; i++) await once(100)
    gc()
    const stop = meter()
    const runs = []
    for (let i = 0; i < iterations; i++) runs.push(await once(events))
    const m = stop(runs.reduce((a, r) => a + r.count, 0))
    const firsts = runs.map((r) => r.firstMs).sort((a, b) => a - b)
    const totals = runs.map((r) => r.totalMs).sort((a, b) => a - b)
    const bad = runs.filter((r) => !r.ok).length
    return {
      iterations,
      events,
      firstEventMs: { p50: quantile(firsts, 0.5), p90: quantile(firsts, 0.9) },
      totalMs: { p50: quantile(totals, 0.5), p90: quantile(totals, 0.9) },
      onSessionCreatedOnce: runs.every((r) => r.created === 1),
      cpuUsPerEvent: m.cpuUsPerEvent,
      bad,
      ok: bad === 0,
    }
  },

  /**
   * `streams` executions open at once on one client, each blocked in a tool handler (the server
   * sent the tool-request and waits for the continuation); RSS per open execution, then all are
   * released and must complete.
   */
  async 'idle-streams'(sdk) {
    const { streams } = params
    const client = new sdk.OctavusClient({ baseUrl, apiKey: 'bench-key' })
    const wave = async (n, tagBase, onBlocked) => {
      let release
      const released = new Promise((resolve) => (release = resolve))
      let blocked = 0
      let allBlocked
      const allBlockedP = new Promise((resolve) => (allBlocked = resolve))
      const tools = {
        wait: async (args) => {
          if (++blocked === n) allBlocked()
          await released
          return { released: true, tag: args.tag }
        },
      }
      const one = async (i) => {
        let finish = null
        let text = ''
        for await (const e of client.agentSessions.attach(`idle.${tagBase}-${i}`, { tools }).execute(trigger)) {
          if (e.type === 'text-delta') text += e.delta
          if (e.type === 'finish') finish = e.finishReason
        }
        if (finish !== 'stop' || text !== 'released') throw new Error(`finish ${finish}, text ${JSON.stringify(text)}`)
      }
      const t0 = performance.now()
      const all = Promise.allSettled(Array.from({ length: n }, (_, i) => one(i)))
      const timeout = sleep(120000).then(() => 'timeout')
      const first = await Promise.race([allBlockedP, all.then(() => 'settled early'), timeout])
      const openMs = performance.now() - t0
      const probe = first === undefined ? await onBlocked() : { problem: first }
      const t1 = performance.now()
      release()
      const settled = await all
      const completeMs = performance.now() - t1
      const failures = settled.filter((x) => x.status === 'rejected')
      return {
        ...probe,
        openMs,
        completeMs,
        blocked,
        errors: failures.length,
        firstError: failures[0] && String(failures[0].reason && failures[0].reason.message),
      }
    }
    await wave(20, `warm-${pkgName}-${process.pid}`, async () => ({}))
    gc()
    await sleep(100)
    gc()
    const before = process.memoryUsage()
    const connectionsBefore = (await benchGet('/bench/connections')).open
    const r = await wave(streams, `${pkgName}-${process.pid}`, async () => {
      await sleep(200)
      gc()
      await sleep(50)
      const during = process.memoryUsage()
      const connectionsOpen = (await benchGet('/bench/connections')).open
      return { during, connectionsOpen }
    })
    const during = r.during || {}
    return {
      streams,
      errors: r.errors + (r.problem ? 1 : 0),
      problem: r.problem,
      firstError: r.firstError,
      rssPerStream: (during.rss - before.rss) / streams,
      heapPerStream: (during.heapUsed - before.heapUsed) / streams,
      externalPerStream: (during.external - before.external) / streams,
      rssBefore: before.rss,
      rssOpen: during.rss,
      // Less the bench's own probe connection.
      serverConnectionsBefore: connectionsBefore - 1,
      serverConnectionsOpen: r.connectionsOpen - 1,
      openMs: r.openMs,
      completeMs: r.completeMs,
      peakRss: peakRss(),
      ok: r.errors === 0 && !r.problem && r.blocked === streams,
    }
  },

  async concurrent(sdk) {
    const { sessions, events } = params
    await countEvents(session(sdk, `bulk.${events}`).execute(trigger))
    gc()
    const stop = meter()
    const results = await Promise.allSettled(Array.from({ length: sessions }, () => countEvents(session(sdk, `bulk.${events}`).execute(trigger))))
    let errors = 0
    let total = 0
    let firstError
    for (const r of results) {
      if (r.status === 'rejected') {
        errors++
        firstError ??= String(r.reason && r.reason.message)
      } else {
        total += r.value
        if (r.value !== events + 4) errors++
      }
    }
    const m = stop(total)
    return { sessions, errors, firstError, ...m, peakRss: peakRss(), ok: errors === 0 }
  },

  async latency(sdk) {
    const { events, intervalMs } = params
    const run = async (n) => {
      const lat = []
      for await (const e of session(sdk, `paced.${n}.${intervalMs}`).execute(trigger)) {
        if (e.type === 'text-delta') lat.push((hrNs() - Number(e.delta)) / 1000)
      }
      return lat
    }
    await run(25)
    gc()
    const lat = await run(events)
    const sorted = lat.slice().sort((a, b) => a - b)
    return {
      events: lat.length,
      p50Us: quantile(sorted, 0.5),
      p90Us: quantile(sorted, 0.9),
      p99Us: quantile(sorted, 0.99),
      maxUs: sorted[sorted.length - 1],
      ok: lat.length === events,
    }
  },
}

async function main() {
  const fn = scenarios[scenario]
  if (!fn) throw new Error(`Unknown scenario ${scenario}`)
  const sdk = await loadPackage(pkgName)
  const result = await fn(sdk)
  if (pkgName === 'ours-observed') {
    result.observedMessages = observedMessages
    if (observedMessages === 0) Object.assign(result, { ok: false, error: 'the subscribers received no diagnostics message' })
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}

main().then(
  () => setTimeout(() => process.exit(0), 10).unref(),
  (err) => {
    process.stdout.write(`RESULT ${JSON.stringify({ ok: false, error: String((err && err.stack) || err) })}\n`)
    process.exit(1)
  },
)
