'use strict'
// BaseApiClient: the common base of the API classes, with the protected httpGet/httpPost/httpPatch
// (and httpDelete) helpers subclasses use to call endpoints of their own.

const native = require('./native.js')
const { toJson, rest } = require('./bridge.js')

class BaseApiClient {
  constructor(config) {
    this.config = config
  }

  /** GET `path` and parse the JSON answer with `schema` (anything with `parse`). */
  async httpGet(path, schema) {
    return this.#request('GET', path, undefined, schema)
  }

  /** POST `body` as JSON to `path` and parse the answer with `schema`. */
  async httpPost(path, body, schema) {
    return this.#request('POST', path, body, schema)
  }

  /** PATCH `body` as JSON to `path` and parse the answer with `schema`. */
  async httpPatch(path, body, schema) {
    return this.#request('PATCH', path, body, schema)
  }

  /** DELETE `path` (no body) and parse the answer with `schema`. Not in the original package. */
  async httpDelete(path, schema) {
    return this.#request('DELETE', path, undefined, schema)
  }

  async #request(method, path, body, schema) {
    const bodyJson = body === undefined ? undefined : toJson(body, 'request body')
    const sent = String(path)
    const text = await rest(
      this.config,
      () => [method, sent],
      (c, h) => native.rawRequest(c, h, method, sent, bodyJson),
    )
    const data = JSON.parse(text)
    return schema ? schema.parse(data) : data
  }
}

module.exports = { BaseApiClient }
