'use strict'
// The media normalisers (docs/protocol.md §4.7) end to end against the mock platform's upload
// routes: upload-URL requests, the PUTs and the bytes they carried, the parts and outputFiles
// replaced in place, failures marked with their data stripped, outputVariable results left alone.

const test = require('ava')
const { normalizeToolResultMedia, normalizeToolResultOutputFiles, AgentSession } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, trigger } = require('./fixtures/harness.js')

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255])
const WAV = Buffer.from('RIFF....WAVEfmt ')
const PDF = Buffer.from('%PDF-1.7 tiny')
const b64 = (buf) => buf.toString('base64')
const FILE_NAME = /^(image|audio|blob)-\d+-[0-9a-z]{7}\.(\w+)$/

/** Our client pointed at a mock that serves upload URLs (`options` as `mock.rest.uploads`). */
async function uploadsMock(t, options, mockOptions) {
  const mock = await startMock(t, mockOptions)
  mock.rest.uploads(options)
  return { mock, files: clientFor(mock).files }
}

const urlRequests = (mock) => mock.requestsTo('POST', '/api/files/upload-urls').map((r) => r.body)
const puts = (mock) => mock.requestsTo('PUT', /^\/uploads\//)

// ---------------------------------------------------------------------------------------------
// normalizeToolResultMedia

test('media parts are uploaded and replaced by {type, mediaType, size, url}; images join `files`', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const text = { type: 'text', text: 'Here is the page' }
  const results = [
    {
      toolCallId: 'c1',
      toolName: 'browser__screenshot',
      result: [
        text,
        { type: 'image', data: b64(PNG) },
        { type: 'audio', data: b64(WAV), mimeType: 'audio/wav' },
        { type: 'blob', data: b64(PDF), mimeType: 'application/pdf' },
      ],
    },
  ]
  const [entry] = results
  t.is(await normalizeToolResultMedia(results, files, 'sess-1'), undefined)

  t.is(results[0], entry, 'the same result object, edited in place')
  const [request] = urlRequests(mock)
  t.is(urlRequests(mock).length, 1, 'one upload-URL request for the result')
  t.is(request.sessionId, 'sess-1')
  t.deepEqual(
    request.files.map((f) => [f.mediaType, f.size]),
    [
      ['image/png', PNG.length],
      ['audio/wav', WAV.length],
      ['application/pdf', PDF.length],
    ],
  )
  t.deepEqual(
    request.files.map((f) => f.filename.replace(/-\d+-[0-9a-z]{7}\./, '-ID.')),
    ['image-ID.png', 'audio-ID.wav', 'blob-ID.pdf'],
  )
  for (const f of request.files) t.regex(f.filename, FILE_NAME)

  t.deepEqual(
    mock.uploads.map((u) => [u.filename, u.contentType, u.bytes.toString('hex')]),
    request.files.map((f, i) => [f.filename, f.mediaType, [PNG, WAV, PDF][i].toString('hex')]),
  )
  for (const put of puts(mock)) t.is(put.headers.authorization, undefined, 'the PUT carries no API key')

  const [image, audio, pdf] = mock.uploads
  t.is(entry.result[0], text, 'other parts are kept as they are')
  t.deepEqual(entry.result.slice(1), [
    { type: 'image', mediaType: 'image/png', size: PNG.length, url: image.downloadUrl },
    { type: 'audio', mediaType: 'audio/wav', size: WAV.length, url: audio.downloadUrl },
    { type: 'blob', mediaType: 'application/pdf', size: PDF.length, url: pdf.downloadUrl },
  ])
  t.deepEqual(entry.files, [{ id: image.id, mediaType: 'image/png', url: image.downloadUrl, filename: image.filename, size: PNG.length }])

  const download = await fetch(image.downloadUrl)
  t.is(download.headers.get('content-type'), 'image/png')
  t.deepEqual(Buffer.from(await download.arrayBuffer()), PNG)
})

test('media: the {content: [...]} shape, default media types, existing files kept first, whitespace in base64', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const existing = { id: 'f-0', mediaType: 'image/gif', url: 'https://files.example/f-0' }
  const wrapped = 'iVBORw0K\nGgoAAQL/'
  const results = [
    {
      toolCallId: 'c1',
      toolName: 'fs__read_media_file',
      result: {
        content: [
          { type: 'image', data: wrapped },
          { type: 'blob', data: b64(PDF), mimeType: '' },
        ],
        isError: false,
      },
      files: [existing],
    },
  ]
  const before = results[0].result
  await normalizeToolResultMedia(results, files, 's')
  const [image, blob] = mock.uploads
  t.deepEqual(image.bytes, PNG)
  t.regex(image.filename, /^image-.*\.png$/)
  t.regex(blob.filename, /^blob-.*\.bin$/)
  t.deepEqual(results[0].result, {
    content: [
      { type: 'image', mediaType: 'image/png', size: PNG.length, url: image.downloadUrl },
      { type: 'blob', mediaType: 'application/octet-stream', size: PDF.length, url: blob.downloadUrl },
    ],
    isError: false,
  })
  t.not(results[0].result, before, 'the wrapper is a new object with the other keys kept')
  t.deepEqual(results[0].files, [
    existing,
    { id: image.id, mediaType: 'image/png', url: image.downloadUrl, filename: image.filename, size: PNG.length },
  ])
})

test('media: one upload-URL request per result; results with outputVariable or without media are left alone', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const captured = { toolCallId: 'v', toolName: 'shot', outputVariable: 'SHOT', result: [{ type: 'image', data: b64(PNG) }] }
  const plain = {
    toolCallId: 'p',
    toolName: 'lookup',
    result: {
      content: [
        { type: 'text', text: 'x' },
        { type: 'image', data: 42 },
      ],
    },
  }
  const failed = { toolCallId: 'e', toolName: 'broken', error: 'boom' }
  const snapshot = structuredClone([captured, plain, failed])
  const results = [
    captured,
    { toolCallId: 'a', toolName: 'one', result: [{ type: 'image', data: b64(PNG) }] },
    plain,
    failed,
    { toolCallId: 'b', toolName: 'two', result: [{ type: 'audio', data: b64(WAV) }] },
  ]
  await normalizeToolResultMedia(results, files, 's')
  t.deepEqual([captured, plain, failed], snapshot)
  t.is(results[0], captured)
  t.false('files' in plain)
  t.deepEqual(
    urlRequests(mock).map((body) => body.files.map((f) => f.mediaType)),
    [['image/png'], ['application/octet-stream']],
  )
  t.deepEqual(results[4].files, [], 'a result with media gets `files`, even with no image in it')
  t.deepEqual(results[4].result, [{ type: 'audio', mediaType: 'application/octet-stream', size: WAV.length, url: mock.uploads[1].downloadUrl }])
})

test('media: when the upload URLs cannot be had, every part is marked failed and its data dropped', async (t) => {
  const { mock, files } = await uploadsMock(t, { failUrls: 503 })
  const results = [
    {
      toolCallId: 'c1',
      toolName: 'shot',
      result: [
        { type: 'image', data: b64(PNG) },
        { type: 'audio', data: b64(WAV), mimeType: 'audio/ogg' },
      ],
    },
  ]
  await normalizeToolResultMedia(results, files, 's')
  t.deepEqual(results[0], {
    toolCallId: 'c1',
    toolName: 'shot',
    result: [
      { type: 'image', mediaType: 'image/png', size: PNG.length, error: 'Upload failed' },
      { type: 'audio', mediaType: 'audio/ogg', size: WAV.length, error: 'Upload failed' },
    ],
    files: [],
  })
  t.is(puts(mock).length, 0)
  t.is(mock.uploads.length, 0)
})

test('media: a failed PUT (error status or dropped connection) marks only that part; no file reference for it', async (t) => {
  for (const failure of [403, 'drop']) {
    const { mock, files } = await uploadsMock(t, { failUpload: (file) => file.index === 0 && failure })
    const results = [
      {
        toolCallId: 'c1',
        toolName: 'shot',
        result: [
          { type: 'image', data: b64(PNG) },
          { type: 'image', data: b64(PNG), mimeType: 'image/webp' },
        ],
      },
    ]
    await normalizeToolResultMedia(results, files, 's')
    const [stored] = mock.uploads
    t.is(mock.uploads.length, 1, String(failure))
    t.deepEqual(results[0].result, [
      { type: 'image', mediaType: 'image/png', size: PNG.length, error: 'Upload failed' },
      { type: 'image', mediaType: 'image/webp', size: PNG.length, url: stored.downloadUrl },
    ])
    t.deepEqual(results[0].files, [{ id: stored.id, mediaType: 'image/webp', url: stored.downloadUrl, filename: stored.filename, size: PNG.length }])
    t.is(puts(mock).length, 2)
  }
})

test('media: data that is not base64 rejects, naming the tool call, before anything is sent for it', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const results = [{ toolCallId: 'c9', toolName: 'shot', result: [{ type: 'image', data: 'not*base64' }] }]
  const err = await t.throwsAsync(normalizeToolResultMedia(results, files, 's'))
  t.is(err.message, 'The image part #0 of the result of tool call c9 is not valid base64, so it cannot be uploaded')
  t.is(mock.requests.length, 0)
})

// ---------------------------------------------------------------------------------------------
// normalizeToolResultOutputFiles

const outputFile = (name, buf, extra) => ({ name, mediaType: 'text/csv', size: buf.length, contentBase64: b64(buf), ...extra })

test('outputFiles are uploaded and replaced by {name, path?, mediaType, size, url}; every file joins `files`', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const csv = Buffer.from('a,b\n1,2\n')
  const result = {
    exitCode: 0,
    outputFiles: [
      outputFile('report.csv', csv, { path: '/out/report.csv' }),
      { name: 'junk' },
      { name: 'chart.png', mediaType: 'image/png', size: 999, contentBase64: b64(PNG) },
    ],
  }
  const results = [{ toolCallId: 'c1', toolName: 'octavus_code_run', result, files: [{ id: 'old', mediaType: 'text/plain', url: 'u' }] }]
  await normalizeToolResultOutputFiles(results, files, 'sess-2')

  t.deepEqual(urlRequests(mock), [
    {
      sessionId: 'sess-2',
      files: [
        { filename: 'report.csv', mediaType: 'text/csv', size: csv.length },
        { filename: 'chart.png', mediaType: 'image/png', size: 999 },
      ],
    },
  ])
  const [report, chart] = mock.uploads
  t.deepEqual(report.bytes, csv)
  t.deepEqual(chart.bytes, PNG)
  t.is(chart.contentType, 'image/png')
  t.is(results[0].result, result, 'the result object is edited in place')
  t.deepEqual(result, {
    exitCode: 0,
    outputFiles: [
      { name: 'report.csv', path: '/out/report.csv', mediaType: 'text/csv', size: csv.length, url: report.downloadUrl },
      { name: 'chart.png', mediaType: 'image/png', size: 999, url: chart.downloadUrl },
    ],
  })
  t.deepEqual(results[0].files, [
    { id: 'old', mediaType: 'text/plain', url: 'u' },
    { id: report.id, mediaType: 'text/csv', url: report.downloadUrl, filename: 'report.csv', size: csv.length },
    { id: chart.id, mediaType: 'image/png', url: chart.downloadUrl, filename: 'chart.png', size: 999 },
  ])
})

test('outputFiles: a failed URL request marks every file and leaves `files` alone; a failed PUT marks its file', async (t) => {
  const csv = Buffer.from('x')
  {
    const { mock, files } = await uploadsMock(t, { failUrls: true })
    const results = [
      { toolCallId: 'c1', toolName: 'run', result: { outputFiles: [outputFile('a.csv', csv, { path: 'a.csv' }), outputFile('b.csv', csv)] } },
    ]
    await normalizeToolResultOutputFiles(results, files, 's')
    t.deepEqual(results[0], {
      toolCallId: 'c1',
      toolName: 'run',
      result: {
        outputFiles: [
          { name: 'a.csv', path: 'a.csv', mediaType: 'text/csv', size: 1, error: 'Upload failed' },
          { name: 'b.csv', mediaType: 'text/csv', size: 1, error: 'Upload failed' },
        ],
      },
    })
    t.is(puts(mock).length, 0)
  }
  {
    const { mock, files } = await uploadsMock(t, { failUpload: (file) => file.filename === 'a.csv' })
    const results = [{ toolCallId: 'c1', toolName: 'run', result: { outputFiles: [outputFile('a.csv', csv), outputFile('b.csv', csv)] } }]
    await normalizeToolResultOutputFiles(results, files, 's')
    const [b] = mock.uploads
    t.deepEqual(results[0].result.outputFiles, [
      { name: 'a.csv', mediaType: 'text/csv', size: 1, error: 'Upload failed' },
      { name: 'b.csv', mediaType: 'text/csv', size: 1, url: b.downloadUrl },
    ])
    t.deepEqual(results[0].files, [{ id: b.id, mediaType: 'text/csv', url: b.downloadUrl, filename: 'b.csv', size: 1 }])
  }
})

test('outputFiles: outputVariable results, empty or malformed lists and other results are left alone', async (t) => {
  const { mock, files } = await uploadsMock(t)
  const results = [
    { toolCallId: 'v', toolName: 'run', outputVariable: 'OUT', result: { outputFiles: [outputFile('a.csv', Buffer.from('1'))] } },
    { toolCallId: 'e', toolName: 'run', result: { outputFiles: [] } },
    { toolCallId: 'm', toolName: 'run', result: { outputFiles: [{ name: 'a', size: '1' }] } },
    { toolCallId: 'a', toolName: 'run', result: [{ outputFiles: [outputFile('a.csv', Buffer.from('1'))] }] },
    { toolCallId: 's', toolName: 'run', result: 'text' },
    { toolCallId: 'x', toolName: 'run', error: 'failed' },
  ]
  const snapshot = structuredClone(results)
  await normalizeToolResultOutputFiles(results, files, 's')
  t.deepEqual(results, snapshot)
  t.is(mock.requests.length, 0)
})

// ---------------------------------------------------------------------------------------------
// In an execution, and the mock's upload routes

test('in onToolResults: the continuation and the yielded output carry the URLs, not the bytes', async (t) => {
  const mock = await startMock(t, { apiKey: 'test-key' })
  mock.rest.uploads()
  mock.session('s-media', [
    [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'screenshot', args: {} }]), sse.finish('tool-calls')],
    [sse.start('e1'), ...sse.text('t', 'seen'), sse.finish('stop')],
  ])
  const client = clientFor(mock)
  const session = client.agentSessions.attach('s-media', {
    tools: { screenshot: async () => ({ content: [{ type: 'image', data: b64(PNG) }] }) },
    onToolResults: (results) => normalizeToolResultMedia(results, client.files, 's-media'),
  })
  t.true(session instanceof AgentSession)
  const events = await collect(session.execute(trigger('go')))
  const [upload] = mock.uploads
  t.deepEqual(upload.bytes, PNG)
  t.is(upload.sessionId, 's-media')
  const summary = { content: [{ type: 'image', mediaType: 'image/png', size: PNG.length, url: upload.downloadUrl }] }
  t.deepEqual(events[1], { type: 'tool-output-available', toolCallId: 'c1', output: summary })
  const continuation = mock.requestsTo('POST', /\/trigger$/)[1]
  t.deepEqual(continuation.body.toolResults, [
    {
      toolCallId: 'c1',
      toolName: 'screenshot',
      result: summary,
      files: [{ id: upload.id, mediaType: 'image/png', url: upload.downloadUrl, filename: upload.filename, size: PNG.length }],
    },
  ])
  t.false(continuation.rawBody.includes(b64(PNG)))
})

test('mock.rest.uploads: recorded uploads, unknown keys, downloads, and reset', async (t) => {
  const mock = await startMock(t, { apiKey: 'k' })
  const route = mock.rest.uploads()
  const client = clientFor(mock, { apiKey: 'k' })
  const { files } = await client.files.getUploadUrls('s1', [{ filename: 'a.txt', mediaType: 'text/plain', size: 3 }])
  t.is(route.hits, 1)
  t.true(files[0].uploadUrl.startsWith(`${mock.url}/uploads/`))
  t.true(files[0].downloadUrl.startsWith(`${mock.url}/downloads/`))

  t.is((await fetch(files[0].downloadUrl)).status, 404, 'nothing to download before the PUT')
  const put = await fetch(files[0].uploadUrl, { method: 'PUT', body: 'abc', headers: { 'Content-Type': 'text/plain' } })
  t.is(put.status, 200)
  t.deepEqual(
    mock.uploads.map(({ bytes, ...rest }) => ({ ...rest, bytes: bytes.toString() })),
    [
      {
        key: files[0].uploadUrl.split('/').pop(),
        id: files[0].id,
        sessionId: 's1',
        index: 0,
        filename: 'a.txt',
        mediaType: 'text/plain',
        size: 3,
        downloadUrl: files[0].downloadUrl,
        contentType: 'text/plain',
        bytes: 'abc',
      },
    ],
  )
  t.is(await (await fetch(files[0].downloadUrl)).text(), 'abc')
  t.is((await fetch(`${mock.url}/uploads/never-handed-out`, { method: 'PUT', body: 'x' })).status, 404)
  t.is((await fetch(`${mock.url}/api/files/upload-urls`, { method: 'POST', body: '{}' })).status, 401, 'the platform route still needs the key')

  mock.reset()
  t.deepEqual(mock.uploads, [])
})
