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
  // Recipient lists are uploaded through a server action on the send page; the API takes 25 MB.
  experimental: { serverActions: { bodySizeLimit: '10mb' } },
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tests and scripts too) with tsc; the build does
  // not repeat it, so a half-written test never blocks serving the product.
  typescript: { ignoreBuildErrors: true },
  // Fixed security headers on every response. The content security policy needs a nonce per
  // request, so the custom server sets it (lib/auth/security-headers.ts). Browsers ignore HSTS
  // on plain http, so it is safe to send always.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          // Invitation links carry their secret in the path: never pass it on as a referrer.
          { key: 'Referrer-Policy', value: 'no-referrer' },
          {
            key: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
          },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
        ],
      },
    ];
  },
};

export default nextConfig;
