'use strict'
// CommonJS entry of `@octavus-rs/server-sdk/testing`: the mock Octavus platform for tests and examples.

module.exports = require('./mock-platform.js')
