#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here.
# Use `npm run db:migrate` / `npm run db:diff` (the wasm engine) instead.
echo "The native Prisma schema engine is not installed; use npm run db:migrate or npm run db:diff." >&2
exit 1
