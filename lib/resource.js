'use strict'
// Resource: the base class users extend for agent-managed resources.

/** Base class for agent-managed resources: extend it with `name` and `onUpdate(value)`. */
class Resource {}

module.exports = { Resource }
