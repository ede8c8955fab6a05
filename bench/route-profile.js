'use strict'
// Summarises a `--cpu-prof` profile of the loaded-route app (bench/route-app.js): where the main
// thread's time goes, by category and by function, optionally only inside the measured window.
//   node bench/route.js --runs 1 --clients 200 --variants ours --frameworks node \
//     --app-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof" --out /tmp/prof/run.json
//   node bench/route-profile.js /tmp/prof/CPU.*.cpuprofile [--window /tmp/prof/run.json] [--top 25]
// --window reads the app's window (hrtime, the clock the profile's timestamps use, in µs) and the
// requests the app completed in it from the `--out` file of the same run, so the figures are per
// request. N-API calls have no frame of their own in V8 profiles: their time is the self time of
// the JavaScript line that calls them, so lines of lib/*.js that call into the binding
// (`native.…`, `exec.…(`, `new native.…`) are counted as "napi calls (ours)".

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')))
const top = Number(option('--top') || 25)

const NAPI_LINE = /\bnative\.\w+|\bexec\.\w+\(|\bnew native\./

const sources = new Map()
function sourceLine(url, line) {
  if (!sources.has(url)) {
    try {
      sources.set(url, fs.readFileSync(new URL(url), 'utf8').split('\n'))
    } catch {
      sources.set(url, [])
    }
  }
  return (sources.get(url)[line] || '').trim()
}

function isOurs(url) {
  if (!url.startsWith('file://')) return false
  const p = new URL(url).pathname
  return p.startsWith(path.join(ROOT, 'lib') + path.sep) || p === path.join(ROOT, 'index.js') || p === path.join(ROOT, 'binding.js')
}

function category(frame) {
  const { functionName: name, url } = frame
  if (name === '(idle)') return 'idle'
  if (name === '(garbage collector)') return 'garbage collector'
  if (name === '(program)') return '(program): native code outside JS frames (libuv, C++ callbacks, N-API completions)'
  if (name === '(root)') return 'root'
  if (url === '') return 'natives called from JS (writev, runMicrotasks, …)'
  if (isOurs(url)) return 'ours: JS (lib/*.js, index.js)'
  if (url.includes('/bench/')) return 'bench route + adapter'
  if (url.includes('/node_modules/@octavus/') || url.includes('/reference/')) return 'official SDK'
  if (url.includes('/node_modules/')) return 'express and other node_modules'
  if (url.startsWith('node:internal/webstreams')) return 'node: web streams'
  if (url.startsWith('node:internal/deps/undici')) return 'node: undici (Response, Headers, fetch)'
  if (/^node:(_http|net|internal\/(streams|stream_base_commons|http|js_stream))/.test(url) || url === 'node:events')
    return 'node: http, net, streams, events'
  return 'node: other'
}

function main() {
  if (!file) throw new Error('usage: node bench/route-profile.js <file.cpuprofile> [--window run.json] [--top N]')
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'))
  let from = -Infinity
  let to = Infinity
  let requests
  if (option('--window')) {
    const run = JSON.parse(fs.readFileSync(option('--window'), 'utf8'))
    const raw = (run.raw || []).find((r) => r.app && r.app.hrStart)
    if (!raw) throw new Error(`no app window in ${option('--window')}`)
    from = raw.app.hrStart / 1000
    to = raw.app.hrEnd / 1000
    requests = raw.app.completed
  }
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map() // node id → µs
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]
    if (t < from || t > to) continue
    const dt = profile.timeDeltas[i + 1] ?? 0 // a sample's time runs until the next one
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) || 0) + dt)
  }
  let total = 0
  const byCategory = new Map()
  const byFunction = new Map()
  const linesOf = new Map() // function key → Map(line text → µs), for our functions
  const add = (map, key, us) => map.set(key, (map.get(key) || 0) + us)
  for (const [id, us] of selfUs) {
    const node = nodes.get(id)
    const frame = node.callFrame
    total += us
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(`file://${ROOT}/`, '')}:${frame.lineNumber + 1}`
    add(byFunction, key, us)
    if (!isOurs(frame.url)) {
      add(byCategory, category(frame), us)
      continue
    }
    // Split our functions' self time by line: N-API calls vs our own JavaScript.
    const ticks = node.positionTicks || []
    const all = ticks.reduce((s, p) => s + p.ticks, 0)
    let napi = 0
    for (const p of ticks) if (NAPI_LINE.test(sourceLine(frame.url, p.line - 1))) napi += p.ticks
    const napiUs = all ? (us * napi) / all : 0
    add(byCategory, 'ours: napi calls (time of the lib/*.js line calling the binding)', napiUs)
    add(byCategory, 'ours: JS (lib/*.js, index.js)', us - napiUs)
    if (!linesOf.has(key)) linesOf.set(key, new Map())
    for (const p of ticks) add(linesOf.get(key), `line ${p.line}: ${sourceLine(frame.url, p.line - 1).slice(0, 90)}`, all ? (us * p.ticks) / all : 0)
  }
  const busy = total - (byCategory.get('idle') || 0)
  const per = (us) => (requests ? `${(us / requests).toFixed(1)} µs` : '')
  const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`
  console.log(`profile ${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled${Number.isFinite(from) ? ' in the measured window' : ''}`)
  console.log(`busy (not idle): ${(busy / 1000).toFixed(0)} ms${requests ? `, ${requests} requests, ${per(busy)}/request` : ''}\n`)
  console.log(`| category | ms | % of busy | per request |\n|---|--:|--:|--:|`)
  for (const [k, us] of [...byCategory].sort((a, b) => b[1] - a[1])) {
    if (k === 'idle') continue
    console.log(`| ${k} | ${(us / 1000).toFixed(0)} | ${pct(us)} | ${per(us)} |`)
  }
  console.log(`\ntop ${top} by self time (the hottest lines of our functions under them):\n`)
  const functions = [...byFunction].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1])
  for (const [k, us] of functions.slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(6)} ms ${pct(us).padStart(6)} ${per(us).padStart(10)}  ${k}`)
    const lines = [...(linesOf.get(k) || [])].sort((a, b) => b[1] - a[1])
    for (const [line, lus] of lines.slice(0, 3)) if (lus / us > 0.1) console.log(`${''.padStart(30)}${(lus / 1000).toFixed(0)} ms ${line}`)
  }
}

main()
