#!/usr/bin/env bash
# Every test, in the order that fails fastest: types, schema/migration drift, unit tests,
# integration tests on the embedded database and on a PostgreSQL server, then the browser tests
# against a production build. TEST_POSTGRES_URL names the server (default: the local one).
set -euo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

step() { printf '\n== %s\n' "$1"; }

step "typecheck"
npx tsc --noEmit

step "migrations match the schema"
npm run -s db:check

step "unit tests"
npx vitest run --project unit

step "integration tests: embedded PostgreSQL (PGlite)"
TEST_DATABASE=pglite npx vitest run --project integration

step "integration tests: PostgreSQL server"
TEST_DATABASE=postgres npx vitest run --project integration

step "browser tests (Playwright, headless Chromium): embedded PostgreSQL"
npx playwright test

step "browser tests (Playwright, headless Chromium): PostgreSQL server"
E2E_POSTGRES_URL="$TEST_POSTGRES_URL" npx playwright test
