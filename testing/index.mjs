// ESM entry of `@octavus-rs/server-sdk/testing`: named re-exports of the CommonJS mock platform.

import mockPlatform from './mock-platform.js'

export const createMockPlatform = mockPlatform.createMockPlatform
export const sse = mockPlatform.sse
export const fixtures = mockPlatform.fixtures
