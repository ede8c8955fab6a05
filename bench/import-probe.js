'use strict'
// Loads one package in this fresh process and prints `RESULT {loadMs, sinceStartMs}`:
//   node bench/import-probe.js <ours|ours-require|official>
// loadMs: the import()/require() call alone; sinceStartMs: process start → package loaded.

const path = require('node:path')
const { performance } = require('node:perf_hooks')

const which = process.argv[2]
const ours = path.join(__dirname, '..')
const t0 = performance.now()
const loading =
  which === 'ours' ? import(path.join(ours, 'index.mjs')) : which === 'ours-require' ? Promise.resolve(require(ours)) : import('@octavus/server-sdk')
loading.then((mod) => {
  const t1 = performance.now()
  if (typeof mod.OctavusClient !== 'function') throw new Error(`${which}: no OctavusClient export`)
  process.stdout.write(`RESULT ${JSON.stringify({ loadMs: t1 - t0, sinceStartMs: t1 })}\n`)
})
