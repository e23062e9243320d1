#!/usr/bin/env bash
# Kernel stacks through the switch, side by side with the reference relays of ../shared/bench (same
# topology, same workload, same run): two network-namespace hosts, ping RTT, iperf3 TCP, iperf3 UDP
# with 64-byte datagrams. Prints a table with ratios and writes bench/results/kernel-stacks.csv.
# As root; needs iperf3 vde2 ethtool iputils-ping gcc, and `mvn -B -DskipTests package` first.
# Usage: bench/kernel-stacks.sh   (SECS=5 PINGS=200 by default; ANCHORS=../shared/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/bench}
export SECS=${SECS:-5} PINGS=${PINGS:-200}
out="$root/bench/results"; mkdir -p "$out"
log=$(mktemp -d)

vnetif_run() {
  local P=vb H1=vbh1 H2=vbh2 SW=vbvsw pid=""
  export P
  trap '[ -n "$pid" ] && kill $pid 2>/dev/null; "$anchors/netns-topology.sh" down' RETURN
  "$anchors/netns-topology.sh" up
  ip netns exec $SW java -jar "$root/switch-server/target/vnetif-switch.jar" --control 127.0.0.1:7400 --data 127.0.0.1:7401 \
      --metrics off --vxlan --log-level warn > "$log/switch.out" 2>&1 & pid=$!
  for _ in $(seq 100); do grep -q "switch ready" "$log/switch.out" && break; sleep 0.1; done
  for i in 1 2; do
    ip netns exec $SW java -jar "$root/cli/target/vnetif.jar" vxlan --network bench --vni 42 --peer 198.18.$i.1 >/dev/null
    ip -n vbh$i link add vx0 type vxlan id 42 local 198.18.$i.1 remote 198.18.$i.254 dstport 4789
    ip -n vbh$i addr add 198.19.0.$i/24 dev vx0; ip -n vbh$i link set vx0 mtu 1450 up
    ip netns exec vbh$i ethtool -K vx0 tx off >/dev/null
  done
  ip netns exec $H1 ping -c 3 -i 0.2 198.19.0.2 >/dev/null
  echo "== ping (vnetif)"; ip netns exec $H1 ping -q -c "$PINGS" -i 0.005 198.19.0.2 | tail -1
  ip netns exec $H2 iperf3 -s -D -1 >/dev/null; sleep 0.5
  echo "== iperf3 TCP (vnetif)"; ip netns exec $H1 iperf3 -c 198.19.0.2 -t "$SECS" -f g | grep -E 'sender|receiver'
  ip netns exec $H2 iperf3 -s -D -1 >/dev/null; sleep 0.5
  echo "== iperf3 UDP 64B (vnetif)"; ip netns exec $H1 iperf3 -c 198.19.0.2 -u -b 0 -l 64 -t "$SECS" | grep -E 'receiver' || true
}

echo "running vnetif, the C relay and vde_switch, one after the other (about $((3 * (2 * SECS + 3))) s)" >&2
vnetif_run > "$log/vnetif.txt" 2>&1
RELAY=c "$anchors/anchor-relay-limit.sh" > "$log/crelay.txt" 2>&1
"$anchors/anchor-vde.sh" > "$log/vde.txt" 2>&1

rtt() { grep -A1 "== ping" "$1" | grep -oE 'rtt [^=]+= [0-9.]+/[0-9.]+' | awk -F/ '{print $NF}'; }
tcp() { grep -A2 "iperf3 TCP" "$1" | grep receiver | grep -oE '[0-9.]+ Gbits/sec' | awk '{print $1}'; }
udp() { grep -A1 "UDP 64B" "$1" | grep receiver | grep -oE '[0-9.]+ [KMG]bits/sec' | awk '{v=$1; if ($2 ~ /^K/) v/=1000; if ($2 ~ /^G/) v*=1000; print v}'; }

printf "%-14s %12s %14s %16s\n" "switch" "ping avg ms" "TCP Gbit/s" "UDP64 Mbit/s" | tee "$log/table"
echo "switch,ping_avg_ms,tcp_gbit_s,udp64_mbit_s" > "$out/kernel-stacks.csv"
for s in vnetif crelay vde; do
  printf "%-14s %12s %14s %16s\n" "$s" "$(rtt $log/$s.txt)" "$(tcp $log/$s.txt)" "$(udp $log/$s.txt)" | tee -a "$log/table"
  echo "$s,$(rtt $log/$s.txt),$(tcp $log/$s.txt),$(udp $log/$s.txt)" >> "$out/kernel-stacks.csv"
done
awk -v v="$(tcp $log/vnetif.txt)" -v c="$(tcp $log/crelay.txt)" -v d="$(tcp $log/vde.txt)" \
    -v vr="$(rtt $log/vnetif.txt)" -v cr="$(rtt $log/crelay.txt)" \
    'BEGIN { printf "vnetif/C relay: TCP %.2fx, ping %.2fx; vnetif/vde_switch: TCP %.2fx\n", v/c, vr/cr, v/d }'
echo "raw outputs: $log" >&2
