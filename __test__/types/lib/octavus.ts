// docs: 01-getting-started_02-quickstart.md "1. Initialize the Client" and
// 06-examples_02-nextjs-chat.md "Step 3" (the `@/lib/octavus` module the other samples import).
import { OctavusClient } from '@octavus/server-sdk';

export const octavus = new OctavusClient({
  baseUrl: process.env.OCTAVUS_API_URL!,
  apiKey: process.env.OCTAVUS_API_KEY!,
});
