'use strict'
// FilesApi: presigned upload/download URLs for session files (`client.files`).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { toJson, idArg, requestArgs, unwrap } = require('./bridge.js')

class FilesApi extends BaseApiClient {
  /** Presigned upload/download URLs for files of a session. */
  async getUploadUrls(sessionId, files) {
    const id = idArg(sessionId, 'sessionId')
    const filesJson = toJson(files, 'files')
    if (filesJson === undefined) throw new TypeError('files must be an array')
    return JSON.parse(unwrap(await native.filesGetUploadUrls(...(await requestArgs(this.config)), id, filesJson)))
  }
}

module.exports = { FilesApi }
