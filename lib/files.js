'use strict'
// FilesApi: presigned upload/download URLs for session files (`client.files`).

const native = require('./native.js')
const { BaseApiClient } = require('./base-api-client.js')
const { toJson, idArg, rest } = require('./bridge.js')

class FilesApi extends BaseApiClient {
  /** Presigned upload/download URLs for files of a session. */
  async getUploadUrls(sessionId, files) {
    const id = idArg(sessionId, 'sessionId')
    const filesJson = toJson(files, 'files')
    if (filesJson === undefined) throw new TypeError('files must be an array')
    const route = () => ['POST', '/api/files/upload-urls']
    return JSON.parse(await rest(this.config, route, (c, h) => native.filesGetUploadUrls(c, h, id, filesJson)))
  }
}

module.exports = { FilesApi }
