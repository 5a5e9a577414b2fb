# Sourced by the hub's peer checks: sets up a hub in a fresh scratch folder, starts it on two
# free loopback ports, waits until it answers, and enrols one sensor whose identity is kept in
# $scratch/sensor. Needs $vigil; sets $scratch, $api, $ingest, $admin (the admin API token) and
# $hub (the server's pid, killed on exit with the folder). Users to add go in $hub_users as
# NAME:ROLE words (password NAME-password, the name's last "-1" dropped, as the browser check
# signs in). $hub_host (default 127.0.0.1) is the address both listeners bind, for a hub that
# machines in network namespaces reach; $hub_playbooks, if set, the playbook folder it serves with.
# With $hub_postgres (postgres://USER:PASSWORD@HOST/DATABASE, a user who may create databases)
# the hub stores in a new database on that server instead of SQLite, dropped on exit.
# Usage: scratch_hub SENSOR_NAME
scratch_hub() {
  scratch="$(mktemp -d)"
  port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
  api=$(port)
  ingest=$(port)
  local host="${hub_host:-127.0.0.1}"
  local database=()
  scratch_database=""
  if [ -n "${hub_postgres:-}" ]; then
    scratch_database="vigil_scratch_$$_$RANDOM"
    psql -q "$hub_postgres" -c "CREATE DATABASE $scratch_database"
    database=(--database "$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path="/" + sys.argv[2]).geturl())' "$hub_postgres" "$scratch_database")")
  fi
  admin=$("$vigil" hub init --dir "$scratch/hub" "${database[@]}" --server-name "$host" | sed -n 's/^Admin API token (shown once): //p')
  for user in ${hub_users:-}; do
    echo "${user%%:*}" | sed 's/-1$//; s/$/-password-1/' \
      | "$vigil" hub user add --dir "$scratch/hub" "${database[@]}" "${user%%:*}" --role "${user##*:}" --password-stdin >/dev/null
  done
  "$vigil" hub serve --dir "$scratch/hub" "${database[@]}" ${hub_playbooks:+--playbooks "$hub_playbooks"} --listen "$host:$api" --ingest "$host:$ingest" >"$scratch/serve.log" 2>&1 &
  hub=$!
  trap 'kill $hub 2>/dev/null || true; wait $hub 2>/dev/null || true; rm -rf "$scratch"; [ -z "$scratch_database" ] || psql -q "$hub_postgres" -c "DROP DATABASE IF EXISTS $scratch_database WITH (FORCE)"' EXIT
  for _ in $(seq 1 100); do
    if python3 -c "import socket; socket.create_connection(('$host', $api), 1)" 2>/dev/null; then break; fi
    sleep 0.1
  done
  local token
  token=$("$vigil" hub enroll-token --dir "$scratch/hub" "${database[@]}")
  "$vigil" enroll --hub "https://$host:$api" --token "$token" --name "$1" --identity "$scratch/sensor" >/dev/null
}
