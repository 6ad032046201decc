#!/usr/bin/env bash
# The test command CI runs (README): every suite, then the tenant-isolation matrices once more with the server's data
# on PostgreSQL. The PostgreSQL cases need POLESTAGE_TEST_POSTGRES_URL (scripts/postgres-test-cluster.sh start prints
# it); without it they are skipped, except with CI set, where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

swift test "$@"

if [[ -n "${POLESTAGE_TEST_POSTGRES_URL:-}" || -n "${CI:-}" ]]; then
    echo "== the tenant-isolation matrices, on PostgreSQL"
    POLESTAGE_TEST_ISOLATION_STORES=postgres swift test --skip-build --filter TenantIsolationTests
fi
