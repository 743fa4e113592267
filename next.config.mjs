// Next.js configuration. The embedded database and the database drivers stay outside the
// bundle: they load WebAssembly or native files at run time.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets several checkouts' builds or test runs share one tree.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    'pg',
    '@prisma/adapter-pg',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
