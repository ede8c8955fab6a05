'use strict'

// Pure helpers re-exported by the package (the @octavus/core surface).

module.exports = {
  ...require('./errors'),
  ...require('./helpers'),
  ...require('./ui-message'),
  ...require('./stream-event'),
}
