// Next.js configuration: a fallback, not a requirement. The SDK is meant to load its native
// addon without any bundler configuration; if a build or a route still fails to load it
// (e.g. "Cannot find module '...linux-x64-gnu.node'"), keep the package out of the server bundle.

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Next.js 15+. On Next.js 14 the same list goes in experimental.serverComponentsExternalPackages.
  serverExternalPackages: [
    '@octavus-rs/server-sdk', // installed under its own name
    '@octavus/server-sdk', // installed as the drop-in alias "npm:@octavus-rs/server-sdk@..."
  ],
}

export default nextConfig
