'use strict'
// One benchmark scenario for one package, in a fresh process (started by bench/run.js):
//   node --expose-gc bench/scenario.js <scenario> <package> <baseUrl> [paramsJson]
// <package>: ours, official, raw (no SDK), ours-observed (ours with a subscriber on every
// diagnostics channel but the payload one), or baseline (another build of ours, the directory
// in OCTAVUS_BENCH_BASELINE).
// Prints one line `RESULT <json>` with the figures. Process-wide figures (CPU of all threads,
// peak RSS) are this package's alone because nothing else runs in this process.

const http = require('node:http')
const crypto = require('node:crypto')
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
  if (name === 'baseline') return require(require('node:path').resolve(process.env.OCTAVUS_BENCH_BASELINE))
  if (name === 'official') return import('@octavus/server-sdk')
  return null
}

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

function session(sdk, id, tools) {
  const client = new sdk.OctavusClient({ baseUrl, apiKey: 'bench-key', ...params.client })
  return client.agentSessions.attach(id, tools ? { tools } : {})
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

/** SSE text → data payloads (JSON-parsed), plus whether `[DONE]` was seen. */
function parseSse(text) {
  const events = []
  let done = false
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block) continue
    const data = []
    for (const line of block.split(/\r?\n/)) if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
    if (!data.length) continue
    const payload = data.join('\n')
    if (payload === '[DONE]') done = true
    else events.push(JSON.parse(payload))
  }
  return { events, done }
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
    const server = await (await fetch(`${baseUrl}/bench/stats/${tag}`)).json()
    const sgaps = server.gapsUs.slice().sort((a, b) => a - b)
    return {
      rounds,
      roundTripUs: { p50: quantile(gaps, 0.5), p90: quantile(gaps, 0.9), mean: gaps.reduce((a, b) => a + b, 0) / gaps.length },
      // Server side: end of a round's response → the continuation request fully received.
      serverGapUs: { p50: quantile(sgaps, 0.5), p90: quantile(sgaps, 0.9) },
      cpuUsPerRound: m.cpuUsPerEvent,
      mainBusyUsPerRound: m.mainBusyUsPerEvent,
      ok: outputs === rounds && finish === 'stop' && calls.length === rounds,
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
