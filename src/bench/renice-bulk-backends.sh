#!/usr/bin/env bash
# A probe for the busy-pages benchmark (RENICE_BULK=1 src/bench/busy-pages-benchmark.sh), not a feature:
# until the file $2 goes, every 0.2 s, gives the PostgreSQL backends of database $1 that run a statement
# for longer than 250 ms (an import's COPY and comparison, the recalculation's reads and saves; the pages'
# statements take a few ms) nice 19, with their parallel workers, and puts each back to nice 0 once it is
# idle or runs a short statement (the pool hands the same connection to a page next). It tells whether the
# tail the pages pay during heavy work comes from those backends' CPU share. Needs root, and the database
# on this machine: the app itself cannot do this. Writes how many it reniced to $3.
set -uo pipefail
db=$1 flag=$2 log=$3
declare -A niced=()
rounds=0 lowered=0
while [[ -f $flag ]]; do
  rounds=$((rounds + 1))
  while IFS='|' read -r pid long; do
    [[ -z $pid ]] && continue
    if [[ $long == t && -z ${niced[$pid]:-} ]]; then
      renice -n 19 -p "$pid" >/dev/null 2>&1 && niced[$pid]=1 && lowered=$((lowered + 1))
    elif [[ $long == f && -n ${niced[$pid]:-} ]]; then
      renice -n 0 -p "$pid" >/dev/null 2>&1
      unset "niced[$pid]"
    fi
  done < <(psql -X -q -w -h "${BW_DB_HOST:-127.0.0.1}" -p "${BW_DB_PORT:-5432}" -U "${BW_DB_SUPERUSER:-postgres}" \
    -d postgres -tA -c "select a.pid, coalesce(l.state = 'active' and clock_timestamp() - l.query_start
        > interval '250 ms', false) from pg_stat_activity a left join pg_stat_activity l on l.pid = coalesce(a.leader_pid,
        a.pid) where a.datname = '$db' and a.backend_type in ('client backend', 'parallel worker')" 2>/dev/null)
  sleep 0.2
done
for pid in "${!niced[@]}"; do renice -n 0 -p "$pid" >/dev/null 2>&1; done
echo "renice probe: $rounds rounds, $lowered backends lowered to nice 19" >"$log"
