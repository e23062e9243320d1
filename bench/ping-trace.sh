#!/usr/bin/env bash
# Where a ping round trip through a relay spends its time: the topology of kernel-stacks.sh with one
# relay (the switch's VXLAN ports, or the C relay of bench/relays), the same warm-up, then 1000 pings
# 5 ms apart traced by perf. TRACE=sched: `perf sched record` of every CPU, then per wake-up of the relay's
# thread the scheduling delay and the time on a CPU (percentiles), as the latency table of docs/performance.md shows.
# TRACE=record: `perf record -g` of the relay's thread (for the switch with a perf map of its JIT code),
# summed by DSO and symbol. TRACE=none: the pings only.
# As root; needs perf (linux-perf), iperf3 is not used; `mvn -B -DskipTests package` first.
# Usage: bench/ping-trace.sh vnetif|crelay [switch flags...]   (TRACE=sched by default; PREFIX= as in kernel-stacks.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
relay=${1:?vnetif or crelay}; shift
trace=${TRACE:-sched}
export P=${PREFIX:-}pt
out="$root/bench/results"; mkdir -p "$out"
work=$(mktemp -d)
relay_pid=""
cleanup() {
  if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true; fi
  for n in h1 h2 vsw; do ip netns pids "${P}$n" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  "$root/bench/topology.sh" down
}
trap cleanup EXIT

"$root/bench/topology.sh" up
if [ "$relay" = crelay ]; then
  gcc -O2 -o "$work/relay" "$root/bench/relays/relay.c"
  ip netns exec ${P}vsw "$work/relay" 4789 198.18.1.1 198.18.2.1 & relay_pid=$!
  for _ in $(seq 100); do ip netns exec ${P}vsw ss -Hlun 'sport = :4789' | grep -q . && break; sleep 0.1; done
  thread=relay
else
  ip netns exec ${P}vsw java -XX:+PreserveFramePointer -jar "$root/switch-server/target/vnetif-switch.jar" --control 127.0.0.1:7400 \
      --data 127.0.0.1:7401 --metrics off --vxlan --log-level warn "$@" > "$work/switch.out" 2>&1 & relay_pid=$!
  for _ in $(seq 100); do grep -q "switch ready" "$work/switch.out" && break; sleep 0.1; done
  for i in 1 2; do
    ip netns exec ${P}vsw java -jar "$root/cli/target/vnetif.jar" vxlan --network bench --vni 42 --peer 198.18.$i.1 >/dev/null
  done
  thread=vnetif-data
fi
"$root/bench/topology.sh" vxlan
# The warm-up of kernel-stacks.sh, then pings as slow as the measured ones (the JIT settles on that shape too).
ip netns exec ${P}h1 ping -q -c 1000 -i 0.002 198.19.0.2 >/dev/null
ip netns exec ${P}h1 ping -q -f -c 30000 198.19.0.2 >/dev/null
ip netns exec ${P}h1 ping -q -c 500 -i 0.005 198.19.0.2 >/dev/null
tid=$(ps -T -p "$relay_pid" -o spid=,comm= | awk -v t="$thread" '$2 ~ t {print $1; exit}')
pings() { ip netns exec ${P}h1 ping -q -c 1000 -i 0.005 198.19.0.2 | tail -1; }
case "$trace" in
sched)
  perf sched record -a -o "$work/sched.data" -- bash -c "$(declare -f pings); P=$P pings" 2>/dev/null
  perf sched timehist -i "$work/sched.data" 2>/dev/null | awk -v t="$tid" 'index($3, "[" t "]") || index($3, "[" t "/") {print $5, $6}' > "$work/thread.txt"
  for col in 1 2; do
    sort -g -k$col "$work/thread.txt" | awk -v c=$col -v name="$relay" '{v[NR] = $c} END {
      printf "%s %s: p10 %.3f p50 %.3f p90 %.3f p99 %.3f ms (%d wake-ups)\n", name, c == 1 ? "scheduling delay" : "time on a CPU",
        v[int(NR * 0.1)], v[int(NR * 0.5)], v[int(NR * 0.9)], v[int(NR * 0.99)], NR}'
  done ;;
record)
  perf record -F 25000 -g -t "$tid" -o "$work/perf.data" -- bash -c "$(declare -f pings); P=$P pings" 2>/dev/null
  [ "$relay" = vnetif ] && jcmd "$relay_pid" Compiler.perfmap >/dev/null
  perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | head -8
  perf report -i "$work/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep '%' | head -25 ;;
*)
  pings ;;
esac
