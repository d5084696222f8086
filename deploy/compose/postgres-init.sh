#!/usr/bin/env bash
# Run once by the postgres image (/docker-entrypoint-initdb.d) when it initialises an empty data volume: makes the
# services' login role and one database per service owned by it. Each service's Flyway migrations create its tables
# when it starts. A volume that was initialised before keeps what it has (delete the volume to start again).
set -euo pipefail
: "${WHATMOVED_DB_USER:?WHATMOVED_DB_USER must be set for the postgres container}"
: "${WHATMOVED_DB_PASSWORD:?WHATMOVED_DB_PASSWORD must be set for the postgres container}"
databases=${WHATMOVED_DATABASES:-features metrics attribution notify}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v role="$WHATMOVED_DB_USER" -v password="$WHATMOVED_DB_PASSWORD" <<'SQL'
create role :"role" login password :'password';
SQL
for db in $databases; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v db="$db" -v role="$WHATMOVED_DB_USER" <<'SQL'
create database :"db" owner :"role";
SQL
  echo "whatmoved: database $db owned by $WHATMOVED_DB_USER"
done
