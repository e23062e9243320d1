#!/usr/bin/env bash
# Kernel stacks through the switch, side by side with the reference relays of bench/relays (same topology,
# same workload, same run): two network-namespace hosts joined by kernel VXLAN devices, ping RTT, iperf3
# TCP, iperf3 UDP with 64-byte datagrams. Runs, one after the other: vnetif; vnetif with --no-direct-io
# (datagrams through Netty's channel); vnetif with --no-udp-gso (one datagram per send, as every relay
# below); the C relay (bench/relays/relay.c, recvmmsg/sendmmsg, no lookup: the floor for a user-space
# relay); the plain Java NIO relay (bench/relays/NioRelay.java); vde_switch with the hosts on TAP devices
# (average RTT only). Every relay gets the same warm-up, including a ping flood that brings a JVM's path to
# its compiled steady state. Prints a table with ratios and writes bench/results/kernel-stacks.csv.
# As root; needs iperf3 vde2 ethtool iputils-ping gcc, and `mvn -B -DskipTests package` first. Everything
# it runs is in this repository (bench/topology.sh, bench/relays) or installed by those packages.
# Usage: bench/kernel-stacks.sh   (SECS=5 PINGS=2000 WARMUP_PINGS=1000 FLOOD_PINGS=30000 by default;
# PREFIX=xy prefixes the namespace names, to run beside another copy of this script;
# SWITCH_JAVA_OPTS for the switch's JVM)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export SECS=${SECS:-5} PINGS=${PINGS:-2000} WARMUP_PINGS=${WARMUP_PINGS:-1000} FLOOD_PINGS=${FLOOD_PINGS:-30000}
PREFIX=${PREFIX:-}
out="$root/bench/results"; mkdir -p "$out"
log=$(mktemp -d)

relay_pid=""
# Stops the relay (switch or reference relay) of run NAME and deletes its namespaces (also when the script fails).
down() {
  if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true; relay_pid=""; fi
  # Deleting a namespace does not end its processes (an iperf3 server left waiting by a failed run).
  for n in h1 h2 vsw; do ip netns pids "${PREFIX}$1$n" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  P=${PREFIX}$1 "$root/bench/topology.sh" down
}
trap 'down vb; down vy; down vn; down cr; down nr; down vd' EXIT

# Kernel VXLAN devices on both hosts, pointing at the switch host (bench/topology.sh vxlan).
vxlan_hosts() {
  "$root/bench/topology.sh" vxlan
}

# The workload between the hosts of namespace prefix $P: warm-up pings (a JVM's JIT), then PINGS pings
# 5 ms apart (each round trip kept, in $log/NAME.pings), iperf3 TCP, iperf3 UDP with 64-byte datagrams.
workload() {
  local name=$1
  ip netns exec ${P}h1 ping -q -c "$WARMUP_PINGS" -i 0.002 198.19.0.2 >/dev/null
  # A flood of pings brings a JVM's forwarding path to its compiled steady state (C2); same for every relay.
  ip netns exec ${P}h1 ping -q -f -c "$FLOOD_PINGS" 198.19.0.2 >/dev/null
  echo "== ping ($name)"
  ip netns exec ${P}h1 ping -c "$PINGS" -i 0.005 198.19.0.2 | tee >(grep -oE 'time=[0-9.]+' | cut -d= -f2 > "$log/$name.pings") | tail -1
  ip netns exec ${P}h2 iperf3 -s -D -1 >/dev/null; sleep 0.5
  echo "== iperf3 TCP ($name)"; ip netns exec ${P}h1 iperf3 -c 198.19.0.2 -t "$SECS" -f g | grep -E 'sender|receiver'
  ip netns exec ${P}h2 iperf3 -s -D -1 >/dev/null; sleep 0.5
  echo "== iperf3 UDP 64B ($name)"; ip netns exec ${P}h1 iperf3 -c 198.19.0.2 -u -b 0 -l 64 -t "$SECS" | grep -E 'receiver' || true
}

# vnetif_run NAME PREFIX [SWITCH FLAG...]: the workload through a switch started with those flags
# (an experiment runs a variant beside the default: vnetif_run vnetif-x vx --flag, and add it to the table).
vnetif_run() {
  local name=$1 short=$2; export P=${PREFIX}$2; shift 2
  "$root/bench/topology.sh" up
  # SWITCH_JAVA_OPTS: JVM flags for the switch, e.g. a JFR recording to profile it under this load.
  ip netns exec ${P}vsw java ${SWITCH_JAVA_OPTS:-} -jar "$root/switch-server/target/vnetif-switch.jar" --control 127.0.0.1:7400 --data 127.0.0.1:7401 \
      --metrics off --vxlan --log-level warn "$@" > "$log/switch-$name.out" 2>&1 & relay_pid=$!
  for _ in $(seq 100); do grep -q "switch ready" "$log/switch-$name.out" && break; sleep 0.1; done
  for i in 1 2; do
    ip netns exec ${P}vsw java -jar "$root/cli/target/vnetif.jar" vxlan --network bench --vni 42 --peer 198.18.$i.1 >/dev/null
  done
  vxlan_hosts
  workload "$name"
  down "$short"
}

# The same workload through a reference relay of bench/relays:
# relay_run NAME SHORT COMMAND... ; the command gets PORT PEER_A PEER_B appended.
relay_run() {
  local name=$1 short=$2; export P=${PREFIX}$2; shift 2
  "$root/bench/topology.sh" up
  ip netns exec ${P}vsw "$@" 4789 198.18.1.1 198.18.2.1 & relay_pid=$!
  for _ in $(seq 100); do ip netns exec ${P}vsw ss -Hlun 'sport = :4789' | grep -q . && break; sleep 0.1; done
  vxlan_hosts
  workload "$name"
  down "$short"
}

# vde_switch (C, user space) as the switch, the hosts on TAP devices bridged to it by vde_plug2tap (no VXLAN:
# the MTU of the TAP devices is set to the VXLAN devices' 1450, so the workload carries the same frames).
vde_run() {
  export P=${PREFIX}vd
  local dir; dir=$(mktemp -d)
  "$root/bench/topology.sh" up
  vde_switch -d -s "$dir/sw" -p "$dir/sw.pid" -M "$dir/mgmt"
  for _ in $(seq 50); do [ -e "$dir/sw/ctl" ] && break; sleep 0.1; done
  for i in 1 2; do
    vde_plug2tap -d -s "$dir/sw" -P "$dir/t$i.pid" "${P}tap$i"
    for _ in $(seq 50); do ip link show "${P}tap$i" >/dev/null 2>&1 && break; sleep 0.1; done
    ip link set "${P}tap$i" netns "${P}h$i"
    ip -n "${P}h$i" addr add "198.19.0.$i/24" dev "${P}tap$i"; ip -n "${P}h$i" link set "${P}tap$i" mtu 1450 up
  done
  workload vde
  for f in "$dir"/*.pid; do kill "$(cat "$f")" 2>/dev/null || true; done
  down vd
  rm -rf "$dir"
}

runs="vnetif vnetif-nettyio vnetif-nogso crelay nio vde"
echo "running $runs one after the other (about $((6 * (2 * SECS + 6) + 6 * PINGS / 100)) s)" >&2
vnetif_run vnetif vb > "$log/vnetif.txt" 2>&1
vnetif_run vnetif-nettyio vy --no-direct-io > "$log/vnetif-nettyio.txt" 2>&1
vnetif_run vnetif-nogso vn --no-udp-gso > "$log/vnetif-nogso.txt" 2>&1
gcc -O2 -o "$log/relay" "$root/bench/relays/relay.c"
relay_run crelay cr "$log/relay" > "$log/crelay.txt" 2>&1
relay_run nio nr java "$root/bench/relays/NioRelay.java" > "$log/nio.txt" 2>&1
vde_run > "$log/vde.txt" 2>&1

avg() { grep -A1 "== ping" "$1" | grep -oE 'rtt [^=]+= [0-9.]+/[0-9.]+' | awk -F/ '{print $NF}'; }
pct() { [ -s "$1" ] && sort -g "$1" | awk -v p="$2" '{v[NR] = $1} END {i = int(NR * p / 100 + 0.999); print v[i < 1 ? 1 : i]}' || echo "-"; }
tcp() { grep -A2 "iperf3 TCP" "$1" | grep receiver | grep -oE '[0-9.]+ Gbits/sec' | awk '{print $1}'; }
udp() { grep -A1 "UDP 64B" "$1" | grep receiver | grep -oE '[0-9.]+ [KMG]bits/sec' | awk '{v=$1; if ($2 ~ /^K/) v/=1000; if ($2 ~ /^G/) v*=1000; print v}'; }

printf "%-15s %10s %10s %10s %11s %13s\n" "switch" "ping p50" "ping p99" "ping avg" "TCP Gbit/s" "UDP64 Mbit/s"
echo "switch,ping_p50_ms,ping_p99_ms,ping_avg_ms,tcp_gbit_s,udp64_mbit_s" > "$out/kernel-stacks.csv"
for s in $runs; do
  row=("$s" "$(pct $log/$s.pings 50)" "$(pct $log/$s.pings 99)" "$(avg $log/$s.txt)" "$(tcp $log/$s.txt)" "$(udp $log/$s.txt)")
  printf "%-15s %10s %10s %10s %11s %13s\n" "${row[@]}"
  (IFS=,; echo "${row[*]}") >> "$out/kernel-stacks.csv"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for s in vnetif vnetif-nettyio vnetif-nogso nio; do
  echo "$s / C relay: ping p50 $(ratio "$(pct $log/$s.pings 50)" "$(pct $log/crelay.pings 50)")x," \
       "p99 $(ratio "$(pct $log/$s.pings 99)" "$(pct $log/crelay.pings 99)")x, avg $(ratio "$(avg $log/$s.txt)" "$(avg $log/crelay.txt)")x;" \
       "TCP $(ratio "$(tcp $log/$s.txt)" "$(tcp $log/crelay.txt)")x, UDP64 $(ratio "$(udp $log/$s.txt)" "$(udp $log/crelay.txt)")x"
done
echo "vnetif / vde_switch: TCP $(ratio "$(tcp $log/vnetif.txt)" "$(tcp $log/vde.txt)")x, ping avg $(ratio "$(avg $log/vnetif.txt)" "$(avg $log/vde.txt)")x"
echo "raw outputs: $log" >&2
