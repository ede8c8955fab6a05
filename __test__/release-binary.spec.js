'use strict'
// The glibc floor of the Linux release binaries, without building them (the release build is
// scripts/release-linux-x64.sh, not part of the test suite): the ELF reader of
// scripts/glibc-floor.js agrees with objdump, and a release binary left in npm/linux-*-gnu/
// needs no glibc above 2.17. With no release binary there, that test says so and passes.

const test = require('ava')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { glibcFloor, compareVersions, DEFAULT_MAX } = require('../scripts/glibc-floor.js')

const root = path.resolve(__dirname, '..')
const { binaryName } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).napi

function objdumpGlibc(file) {
  try {
    const out = execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
    return [...new Set(out.match(/GLIBC_[0-9.]*[0-9]/g) || [])].map((v) => v.slice('GLIBC_'.length)).sort(compareVersions)
  } catch {
    return null
  }
}

test('versions compare as numbers', (t) => {
  t.true(compareVersions('2.9', '2.17') < 0)
  t.true(compareVersions('2.34', '2.17') > 0)
  t.is(compareVersions('2.17', '2.17.0'), 0)
  t.is(DEFAULT_MAX, '2.17')
})

test('the ELF reader lists the same GLIBC_ versions as objdump -T', (t) => {
  const candidates = [
    ...fs.readdirSync(root).filter((f) => /\.linux-.*-gnu\.node$/.test(f)),
    ...['linux-x64-gnu', 'linux-arm64-gnu'].map((p) => path.join('npm', p, `${binaryName}.${p}.node`)),
  ]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f))
  if (process.platform === 'linux') candidates.push(process.execPath)
  const compared = []
  for (const file of candidates) {
    const expected = objdumpGlibc(file)
    if (expected === null) continue
    t.deepEqual(glibcFloor(file).versions, expected, file)
    compared.push(file)
  }
  if (compared.length === 0) t.pass('no objdump or no Linux ELF file here to compare')
  else t.log(`compared: ${compared.map((f) => path.relative(root, f)).join(', ')}`)
})

for (const platform of ['linux-x64-gnu', 'linux-arm64-gnu']) {
  test(`a release binary in npm/${platform}/ needs glibc ${DEFAULT_MAX} at most`, (t) => {
    const file = path.join(root, 'npm', platform, `${binaryName}.${platform}.node`)
    if (!fs.existsSync(file)) {
      t.log(`no release binary in npm/${platform}/ (the release build puts it there): nothing to check`)
      t.pass()
      return
    }
    const { highest } = glibcFloor(file)
    t.log(`npm/${platform}/: needs GLIBC_${highest}`)
    t.true(highest === null || compareVersions(highest, DEFAULT_MAX) <= 0, `needs GLIBC_${highest}, above ${DEFAULT_MAX}`)
  })
}
