'use strict'
// TokensApi: short-lived, scoped ephemeral tokens minted from a trusted key (`client.tokens`).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { idArg, rest } = require('./bridge.js')

class TokensApi extends BaseApiClient {
  /**
   * Mints an `oct_et_*` token bound to `agentId` (and, narrower, to `sessionId`), living
   * `ttlSeconds` (the platform applies its default and cap). Resolves `{token, jti, expiresAt}`.
   * Only the three documented keys are sent.
   */
  async mint(params) {
    if (params === null || typeof params !== 'object') {
      throw new TypeError('tokens.mint needs an object { agentId, sessionId?, ttlSeconds? }')
    }
    const agentId = idArg(params.agentId, 'agentId')
    const sessionId = params.sessionId === undefined ? undefined : idArg(params.sessionId, 'sessionId')
    const { ttlSeconds } = params
    if (ttlSeconds !== undefined && typeof ttlSeconds !== 'number') {
      throw new TypeError(`ttlSeconds must be a number, got ${ttlSeconds === null ? 'null' : typeof ttlSeconds}`)
    }
    return JSON.parse(
      await rest(
        this.config,
        () => ['POST', '/api/tokens'],
        (c, h) => native.tokensMint(c, h, agentId, sessionId, ttlSeconds),
      ),
    )
  }

  /** Revokes a minted token before it expires; `{revoked: false}` for an unknown or expired one. */
  async revoke(token) {
    if (typeof token !== 'string') throw new TypeError(`token must be a string, got ${token === null ? 'null' : typeof token}`)
    return JSON.parse(
      await rest(
        this.config,
        () => ['POST', '/api/tokens/revoke'],
        (c, h) => native.tokensRevoke(c, h, token),
      ),
    )
  }
}

module.exports = { TokensApi }
