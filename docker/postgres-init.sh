#!/usr/bin/env bash
# First start of the PostgreSQL container: the application's role and database, and Temporal's role (the
# temporalio/auto-setup image creates its own `temporal` and `temporal_visibility` databases with it).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v app_pw="$APP_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE complaintflow LOGIN PASSWORD :'app_pw';
CREATE DATABASE complaintflow OWNER complaintflow;
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_pw';
SQL
