'use strict'
// Loads one package in this fresh process and prints `RESULT {loadMs, sinceStartMs}`:
//   node bench/import-probe.js <ours|ours-require|official|official64>
// loadMs: the import()/require() call alone; sinceStartMs: process start → package loaded.
// official64: the official 6.4 bundle, `index.mjs` in the directory OCTAVUS_BENCH_REFERENCE.

const path = require('node:path')
const { pathToFileURL } = require('node:url')
const { performance } = require('node:perf_hooks')

const which = process.argv[2]
const ours = path.join(__dirname, '..')
const official64 = process.env.OCTAVUS_BENCH_REFERENCE && pathToFileURL(path.join(process.env.OCTAVUS_BENCH_REFERENCE, 'index.mjs')).href
if (which === 'official64' && !official64) throw new Error('official64 needs OCTAVUS_BENCH_REFERENCE')
const t0 = performance.now()
const loading =
  which === 'ours'
    ? import(path.join(ours, 'index.mjs'))
    : which === 'ours-require'
      ? Promise.resolve(require(ours))
      : which === 'official64'
        ? import(official64)
        : import('@octavus/server-sdk')
loading.then((mod) => {
  const t1 = performance.now()
  if (typeof mod.OctavusClient !== 'function') throw new Error(`${which}: no OctavusClient export`)
  process.stdout.write(`RESULT ${JSON.stringify({ loadMs: t1 - t0, sinceStartMs: t1 })}\n`)
})
