'use strict'
// The stand-in platform for examples/main.js: a mock Octavus platform scripted with one support
// conversation (a server tool, a client tool, resource updates), streamed with small delays.

const { createMockPlatform, sse } = require('@octavus-rs/server-sdk/testing')

const AGENT_ID = 'support-agent'
const SESSION_ID = 'sess_demo_7f3a'
const EXECUTION_ID = 'exec_demo_51c2'
const API_KEY = 'demo-api-key'
const EVENT_DELAY_MS = 12

/** Text events whose deltas are words, the way a model streams tokens. */
function words(id, text) {
  return sse.text(id, text, { chunks: text.match(/\s*\S+/g) })
}

function resultOf(body, toolName) {
  const results = (body && Array.isArray(body.toolResults) && body.toolResults) || []
  return results.find((r) => r && r.toolName === toolName)
}

/** Answers a continuation with `events`, one SSE frame every EVENT_DELAY_MS. */
async function streamEvents(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (const event of events.flat()) {
    if (res.destroyed) return
    res.write(sse.encode([event], { done: false }))
    await new Promise((resolve) => setTimeout(resolve, EVENT_DELAY_MS))
  }
  if (!res.destroyed) res.end(sse.encode([], { done: true }))
}

// Round 1 answers the `user-message` trigger: the agent thinks, says it will look the order up,
// and asks for the server tool `lookup-order`.
const askForOrder = {
  delayMs: EVENT_DELAY_MS,
  sse: [
    sse.start(EXECUTION_ID, { messageId: 'msg_demo_1' }),
    sse.reasoning('rsn_1', 'The customer wants the status of an order; I should look it up before answering.', { chunks: 4 }),
    words('txt_1', 'Let me check order NW-1042 for you.'),
    sse.toolInput('call_order_1', 'lookup-order', { orderId: 'NW-1042' }, { title: 'Looking up order', chunks: 3 }),
    sse.toolRequest([{ toolCallId: 'call_order_1', toolName: 'lookup-order', args: { orderId: 'NW-1042' } }]),
    sse.finish('tool-calls', EXECUTION_ID),
  ],
}

// Round 2 is the SDK's automatic continuation with the server tool's result: the agent reads it,
// updates the conversation summary, and asks the browser for the customer's location.
function answerOrder(req, res, recorded) {
  const lookup = resultOf(recorded.body, 'lookup-order')
  const order = lookup && lookup.result
  const reply = order
    ? `Good news: order ${order.orderId} is ${order.status} with ${order.carrier}. ` +
      `It was last scanned at the ${order.lastScan} and should arrive by ${order.estimatedDelivery}. ` +
      'To find a pickup point near you I need your location.'
    : `I could not look that order up (${(lookup && lookup.error) || 'no result'}). To find a pickup point near you I need your location.`
  return streamEvents(res, [
    words('txt_2', reply),
    sse.resourceUpdate(
      'CONVERSATION_SUMMARY',
      order
        ? `Customer asked about order ${order.orderId}: ${order.status}, due ${order.estimatedDelivery}.`
        : 'Customer asked about an order that could not be found.',
    ),
    sse.toolInput('call_location_1', 'get-browser-location', {}, { title: 'Asking for your location' }),
    sse.toolRequest([{ toolCallId: 'call_location_1', toolName: 'get-browser-location', args: {} }]),
    sse.finish('tool-calls', EXECUTION_ID),
  ])
}

// Round 3 answers the `continue` request that carries the browser's location.
function answerPickupPoint(req, res, recorded) {
  const location = resultOf(recorded.body, 'get-browser-location')
  const city = location && location.result && location.result.city
  const reply = city
    ? `The nearest pickup point to you in ${city} is the parcel shop at Stationsplein 12, 400 m away and open until 20:00. ` +
      'I can have the parcel redirected there once it reaches your local depot. Anything else I can help with?'
    : 'Without your location I cannot suggest a pickup point, but the parcel will be delivered to your address as planned.'
  return streamEvents(res, [
    sse.start(EXECUTION_ID, { messageId: 'msg_demo_1' }),
    words('txt_3', reply),
    sse.resourceUpdate(
      'CONVERSATION_SUMMARY',
      city ? `Order NW-1042 in transit; suggested the pickup point at Stationsplein 12 in ${city}.` : 'Order NW-1042 in transit; no location shared.',
    ),
    sse.finish('stop', EXECUTION_ID),
  ])
}

/**
 * Starts the scripted platform on 127.0.0.1 (a free port). Resolves
 * `{ url, apiKey, agentId, sessionId, mock, close() }`.
 */
async function startDemoPlatform() {
  const mock = await createMockPlatform({ apiKey: API_KEY })
  mock.rest.createSession(SESSION_ID)
  mock.session(SESSION_ID, [askForOrder, answerOrder, answerPickupPoint])
  return {
    url: mock.url,
    apiKey: API_KEY,
    agentId: AGENT_ID,
    sessionId: SESSION_ID,
    mock,
    close: () => mock.close(),
  }
}

module.exports = { startDemoPlatform }
