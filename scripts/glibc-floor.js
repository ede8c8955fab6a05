#!/usr/bin/env node
'use strict'
// The oldest glibc a Linux `.node` file can load on: the highest GLIBC_x.y symbol version it
// needs, read from its ELF version-needs section (.gnu.version_r), the same list that
// `objdump -T file | grep -o 'GLIBC_[0-9.]*'` prints. Plain Node, no binutils needed.
//
//   node scripts/glibc-floor.js [--max 2.17] FILE_OR_DIR...
//
// A directory stands for the `*.linux-*-gnu.node` files in it (none is fine); a file must exist.
// Prints one line per file and exits 1 when a file needs a glibc above --max (default 2.17,
// the floor of the published linux-*-gnu binaries), 2 when a file cannot be read as ELF64.

const fs = require('node:fs')
const path = require('node:path')

const DEFAULT_MAX = '2.17'
const SHT_GNU_VERNEED = 0x6ffffffe

/** Compares dotted versions numerically: '2.9' < '2.17'. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** Every symbol version named in the file's version-needs section ('GLIBC_2.14', 'GCC_3.0', ...). */
function versionsNeeded(file) {
  const buf = fs.readFileSync(file)
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file')
  if (buf[4] !== 2) throw new Error('not a 64-bit ELF file')
  const le = buf[5] === 1
  const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o))
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o))
  const u64 = (o) => Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o))

  const shoff = u64(0x28)
  const shentsize = u16(0x3a)
  const shnum = u16(0x3c)
  if (!shoff || !shnum) throw new Error('no section headers')
  const section = (i) => {
    const o = shoff + i * shentsize
    return { type: u32(o + 4), offset: u64(o + 0x18), size: u64(o + 0x20), link: u32(o + 0x28), info: u32(o + 0x2c) }
  }
  const cString = (o) => {
    const end = buf.indexOf(0, o)
    return buf.toString('latin1', o, end < 0 ? buf.length : end)
  }

  const names = new Set()
  for (let i = 0; i < shnum; i++) {
    const s = section(i)
    if (s.type !== SHT_GNU_VERNEED) continue
    const strtab = section(s.link).offset
    // Verneed entries (vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32), each
    // with vn_cnt Vernaux entries (vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32).
    let need = s.offset
    for (let n = 0; n < s.info; n++) {
      const count = u16(need + 2)
      let aux = need + u32(need + 8)
      for (let k = 0; k < count; k++) {
        names.add(cString(strtab + u32(aux + 8)))
        const next = u32(aux + 12)
        if (!next) break
        aux += next
      }
      const nextNeed = u32(need + 12)
      if (!nextNeed) break
      need += nextNeed
    }
  }
  return [...names]
}

/** The GLIBC_ versions a file needs, lowest first, and the highest of them (null if none). */
function glibcFloor(file) {
  const glibc = versionsNeeded(file)
    .filter((v) => /^GLIBC_\d+(\.\d+)*$/.test(v))
    .map((v) => v.slice('GLIBC_'.length))
    .sort(compareVersions)
  return { versions: glibc, highest: glibc.length ? glibc[glibc.length - 1] : null }
}

function main(argv) {
  let max = DEFAULT_MAX
  const targets = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max') max = argv[++i]
    else targets.push(argv[i])
  }
  if (!max || !/^\d+(\.\d+)*$/.test(max) || targets.length === 0) {
    console.error('usage: node scripts/glibc-floor.js [--max 2.17] FILE_OR_DIR...')
    return 2
  }
  const files = []
  for (const target of targets) {
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      const found = fs.readdirSync(target).filter((f) => /\.linux-[^.]+-gnu[^.]*\.node$/.test(f))
      if (found.length === 0) console.log(`${target}: no linux-*-gnu .node file`)
      files.push(...found.map((f) => path.join(target, f)))
    } else {
      files.push(target)
    }
  }
  let status = 0
  for (const file of files) {
    let floor
    try {
      floor = glibcFloor(file)
    } catch (err) {
      console.error(`${file}: ${err.message}`)
      status = 2
      continue
    }
    const above = floor.highest !== null && compareVersions(floor.highest, max) > 0
    const needs = floor.highest === null ? 'needs no versioned glibc symbol' : `needs GLIBC_${floor.highest}`
    console.log(`${file}: ${needs} (limit GLIBC_${max})${above ? ': ABOVE THE LIMIT' : ''}`)
    if (above && status === 0) status = 1
  }
  return status
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

module.exports = { compareVersions, versionsNeeded, glibcFloor, DEFAULT_MAX }
