# Shared by kube-up and forge-up: the cache location, timing of build phases, free ports,
# waiting for readiness, and stopping exactly the processes a script started (pids in DIR/pids).

POROS_CACHE="${POROS_CACHE:-$HOME/.cache/poros}"

say() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# timed LABEL CMD...: runs CMD niced, printing how long it took; the output goes to LOG.
timed() {
  local label=$1; shift
  local start=$SECONDS
  say "building $label ..."
  if ! nice -n 10 "$@" >>"$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2
    die "building $label failed (log: $LOG)"
  fi
  say "built $label in $((SECONDS - start)) s"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start NAME LOGFILE CMD...: starts CMD in the background, in a session of its own, records its pid.
start() {
  local name=$1 logfile=$2; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  echo "$name $!" >>"$DIR/pids"
}

# wait_for WHAT SECONDS CMD...: retries CMD until it succeeds, or fails with the logs' tails.
wait_for() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      for f in "$DIR"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }; done
      die "$what not ready after $limit s"
    fi
    sleep 0.2
  done
}

# stop_all: SIGTERM the recorded processes in reverse start order, group by group as listed in
# the arguments (names in one argument stop together), waiting for each group; SIGKILL after 30 s.
stop_all() {
  [ -f "$DIR/pids" ] || return 0
  local group name pid pids
  for group in "$@"; do
    pids=()
    for name in $group; do
      pid=$(awk -v n="$name" '$1 == n {print $2}' "$DIR/pids")
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { kill -TERM "$pid"; pids+=("$pid"); }
    done
    local deadline=$((SECONDS + 30))
    for pid in "${pids[@]}"; do
      while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then kill -KILL "$pid" 2>/dev/null; fi
        # A zombie child of a shell that exited is gone for our purpose.
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
        sleep 0.1
      done
    done
  done
  rm -f "$DIR/pids"
}

status_all() {
  [ -f "$DIR/pids" ] || { echo "not running"; return 1; }
  local rc=0 name pid
  while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name $pid running"; else echo "$name $pid gone"; rc=1; fi
  done <"$DIR/pids"
  return $rc
}
