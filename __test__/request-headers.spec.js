'use strict'
// When an execution's requests get their headers and dynamic tool schemas. Headers that cannot
// change (OctavusClient's own getHeaders with a string apiKey) go to the native execution once,
// and no request asks the JS thread for them; any other headers are asked for every request
// attempt. The schemas are read when the execution is claimed (its first request) and once the
// round's handlers and onToolResults are done (the continuation), as the official builds each
// leg's body. Serial: some tests replace the binding's NativeExecution or patch
// OctavusClient.prototype, which every execution of this process would see.

const test = require('ava')
const native = require('../lib/native.js')
const { OctavusClient, toSSEStream } = require('../index.js')
const { sse } = require('../testing/mock-platform.js')
const { startMock, clientFor, collect, trigger } = require('./fixtures/harness.js')

const OWN_HEADERS = { 'Content-Type': 'application/json', 'X-Octavus-Sdk-Version': '4', Authorization: 'Bearer test-key' }
const RETRY = { status: 503, json: {}, headers: { 'Retry-After': '0' } }

/** A session with one tool round whose continuation is answered 503 once, then ends. */
function toolRound(mock, sessionId) {
  mock.session(sessionId, [
    [sse.start('e1'), sse.toolRequest([{ toolCallId: 'c1', toolName: 'lookup', args: { n: 1 } }]), sse.finish('tool-calls')],
    RETRY,
    [sse.start('e1'), sse.finish('stop')],
  ])
}

/** Records, for every NativeExecution made during the test, its fixedHeaders and the questions it was answered. */
function spyExecutions(t) {
  const made = []
  const Original = native.NativeExecution
  native.NativeExecution = class extends Original {
    constructor(config, request, host) {
      super(config, request, host)
      this.seen = { fixedHeaders: host.fixedHeaders, asked: [] }
      made.push(this.seen)
    }
    answer(id, answer) {
      this.seen.asked.push(answer.headers ? 'headers' : answer.outcomes ? 'run-tools' : 'other')
      return super.answer(id, answer)
    }
  }
  t.teardown(() => {
    native.NativeExecution = Original
  })
  return made
}

const tools = { lookup: async (args) => ({ n: args.n }) }

test.serial('a string apiKey: the headers go to the execution once, and no request of any round or retry asks for them', async (t) => {
  const mock = await startMock(t)
  toolRound(mock, 's-fixed')
  const made = spyExecutions(t)
  const events = await collect(clientFor(mock).agentSessions.attach('s-fixed', { tools }).execute(trigger('go')))
  t.deepEqual(events.find((e) => e.type === 'tool-output-available').output, { n: 1 })
  t.is(made.length, 1)
  t.deepEqual(made[0].fixedHeaders, OWN_HEADERS)
  t.deepEqual(made[0].asked, ['run-tools'])
  // Trigger, the refused continuation and its retry all carry them.
  t.is(mock.requests.length, 3)
  for (const r of mock.requests) {
    t.is(r.headers.authorization, 'Bearer test-key')
    t.is(r.headers['x-octavus-sdk-version'], '4')
    t.is(r.headers['content-type'], 'application/json')
  }
})

test.serial('the relay (toSSEStream) uses the fixed headers too', async (t) => {
  const mock = await startMock(t)
  toolRound(mock, 's-relay')
  const made = spyExecutions(t)
  const stream = toSSEStream(clientFor(mock).agentSessions.attach('s-relay', { tools }).execute(trigger('go')))
  const text = Buffer.concat(await collect(stream)).toString()
  t.true(text.includes('tool-output-available'))
  t.true(text.trimEnd().endsWith('data: [DONE]'))
  t.deepEqual(made[0].asked, ['run-tools'])
  t.deepEqual(
    mock.requests.map((r) => r.headers.authorization),
    ['Bearer test-key', 'Bearer test-key', 'Bearer test-key'],
  )
})

class WithTenant extends OctavusClient {
  async getHeaders() {
    return { ...(await super.getHeaders()), 'X-Tenant': 'sub' }
  }
}

const changeable = [
  ['an apiKey function', (mock) => clientFor(mock, { apiKey: () => 'test-key' }), {}],
  ['a subclass that overrides getHeaders', (mock) => new WithTenant({ baseUrl: mock.url, apiKey: 'test-key' }), { 'x-tenant': 'sub' }],
  [
    'an instance whose getHeaders was replaced',
    (mock) => {
      const client = clientFor(mock)
      const own = client.getHeaders.bind(client)
      client.getHeaders = async () => ({ ...(await own()), 'X-Tenant': 'instance' })
      return client
    },
    { 'x-tenant': 'instance' },
  ],
  [
    'a patched OctavusClient.prototype.getHeaders',
    (mock, t) => {
      const original = OctavusClient.prototype.getHeaders
      OctavusClient.prototype.getHeaders = async function () {
        return { ...(await original.call(this)), 'X-Tenant': 'patched' }
      }
      t.teardown(() => {
        OctavusClient.prototype.getHeaders = original
      })
      return clientFor(mock)
    },
    { 'x-tenant': 'patched' },
  ],
]

for (const [what, makeClient, extra] of changeable) {
  test.serial(`${what}: no fixed headers; every request attempt asks for them`, async (t) => {
    const mock = await startMock(t)
    toolRound(mock, 's-asked')
    const made = spyExecutions(t)
    await collect(makeClient(mock, t).agentSessions.attach('s-asked', { tools }).execute(trigger('go')))
    t.is(made[0].fixedHeaders, undefined)
    // The trigger, then the tools, then the continuation and its retry.
    t.deepEqual(made[0].asked, ['headers', 'run-tools', 'headers', 'headers'])
    t.is(mock.requests.length, 3)
    for (const r of mock.requests) {
      t.is(r.headers.authorization, 'Bearer test-key')
      for (const [k, v] of Object.entries(extra)) t.is(r.headers[k], v)
    }
  })
}

const schema = (name) => ({ name, description: `the ${name} tool`, inputSchema: { type: 'object' } })

for (const via of ['iteration', 'toSSEStream']) {
  test.serial(`${via}: first-request schemas read as 6.4 reads them; onToolResults' changes on the continuation`, async (t) => {
    const mock = await startMock(t)
    toolRound(mock, 's-schemas')
    let session
    session = clientFor(mock).agentSessions.attach('s-schemas', {
      tools,
      onToolResults: async () => {
        session.setDynamicTools([{ schema: schema('late'), handler: () => 'late' }])
      },
    })
    const events = session.execute(trigger('go'))
    // As the official 6.4: iteration reads the first request's schemas at the first pull;
    // toSSEStream() reads them when it is called (its stream starts the generator at once).
    const stream = via === 'toSSEStream' ? toSSEStream(events) : undefined
    session.setDynamicTools([{ schema: schema('early'), handler: () => 'early' }])
    if (via === 'iteration') await collect(events)
    else await collect(stream)
    const names = mock.requests.map((r) => (r.body.dynamicToolSchemas || []).map((s) => s.name))
    // The first request; the continuation and its retry (one body for both attempts).
    t.deepEqual(names, [via === 'iteration' ? ['early'] : [], ['late'], ['late']])
  })

  test.serial(`${via}: schemas that cannot be sent as JSON fail the first pull with their own error, and nothing is sent`, async (t) => {
    const mock = await startMock(t)
    toolRound(mock, 's-bad')
    const session = clientFor(mock).agentSessions.attach('s-bad', { tools })
    session.setDynamicTools([{ schema: { ...schema('big'), inputSchema: { max: 10n } }, handler: () => 1 }])
    const events = session.execute(trigger('go'))
    if (via === 'iteration') {
      const err = await t.throwsAsync(collect(events), { instanceOf: TypeError })
      t.regex(err.message, /Cannot send dynamicToolSchemas as JSON: .*BigInt/)
    } else {
      const text = Buffer.concat(await collect(toSSEStream(events))).toString()
      t.regex(text, /"type":"error"/)
      t.regex(text, /Cannot send dynamicToolSchemas as JSON/)
    }
    t.is(mock.requests.length, 0)
  })
}

const bigSchema = () => ({ ...schema('big'), inputSchema: { max: 10n } })

test.serial('a handler that sets schemas that cannot be sent: a round that needs no continuation still ends normally', async (t) => {
  const mock = await startMock(t)
  mock.session('s-pause', [
    [
      sse.start('e1'),
      sse.toolRequest([
        { toolCallId: 'c1', toolName: 'lookup', args: { n: 1 } },
        { toolCallId: 'c2', toolName: 'ask_user', args: {} },
      ]),
      sse.finish('tool-calls'),
    ],
  ])
  let session
  session = clientFor(mock).agentSessions.attach('s-pause', {
    tools: {
      lookup: async (args) => {
        session.setDynamicTools([{ schema: bigSchema(), handler: () => 1 }])
        return { n: args.n }
      },
    },
  })
  const events = await collect(session.execute(trigger('go')))
  // The server tool's output reaches the consumer, and the client tool pauses the execution.
  t.deepEqual(events.find((e) => e.type === 'tool-output-available').output, { n: 1 })
  t.like(events.at(-1), { type: 'finish', finishReason: 'client-tool-calls' })
  t.is(mock.requests.length, 1)
})

test.serial('a handler that sets schemas that cannot be sent: the continuation fails with their own error', async (t) => {
  const mock = await startMock(t)
  toolRound(mock, 's-cont')
  let session
  session = clientFor(mock).agentSessions.attach('s-cont', {
    tools: {
      lookup: async (args) => {
        session.setDynamicTools([{ schema: bigSchema(), handler: () => 1 }])
        return { n: args.n }
      },
    },
  })
  const seen = []
  const err = await t.throwsAsync(async () => {
    for await (const e of session.execute(trigger('go'))) seen.push(e.type)
  })
  t.true(err instanceof TypeError, String(err))
  t.regex(err.message, /Cannot send dynamicToolSchemas as JSON/)
  // The round's outputs were handed over before the continuation failed; it was never sent.
  t.true(seen.includes('tool-output-available'))
  t.is(mock.requests.length, 1)
})
