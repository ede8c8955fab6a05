// Server tools for the support agent, over in-memory stand-ins for your database. They run on
// your server; tools the agent calls that are not listed here are forwarded to the browser.

const accounts = new Map([
  ['user-123', { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }],
  ['user-456', { name: 'Grace Hopper', email: 'grace@example.com', plan: 'team' }],
])

let lastTicket = 1000

/** Tool handlers for one request; `context` carries what you know about the caller. */
export function createSupportTools(context = {}) {
  return {
    'get-user-account': async (args) => {
      const userId = typeof args.userId === 'string' ? args.userId : context.userId
      const account = accounts.get(userId)
      if (!account) throw new Error(`No account with id ${userId}`)
      return { userId, ...account }
    },

    'create-support-ticket': async (args) => {
      if (typeof args.summary !== 'string' || args.summary.trim() === '') {
        throw new Error('summary is required')
      }
      const priority = ['low', 'medium', 'high'].includes(args.priority) ? args.priority : 'medium'
      lastTicket += 1
      return {
        ticketId: `TICKET-${lastTicket}`,
        priority,
        estimatedResponse: priority === 'high' ? '4 hours' : '24 hours',
      }
    },
  }
}
