#!/usr/bin/env bash
# vnetif's TCP/IP stack against Linux's through the switch, side by side with Linux against Linux through the
# same switch in the same run. The topology of bench/topology.sh: the switch (--vxlan) in the switch host, kernel
# hosts h1 (198.19.0.1) and h2 (198.19.0.2) on VXLAN ports (MTU 1450, tx checksum offload off), and a Java host
# (io.vnetif.bench.netstack.StackEndpoint: a NetStack with a sink and sources, 198.19.0.100, MTU 1450) on a native port of the switch, in the
# switch host as NetStackLinuxIT runs it. Each round moves BYTES three ways, one after the other, each timed at
# its receiving end from connect to the last byte:
#   kernel -> kernel   h1 reads from a socat source in h2 (socat -U ... OPEN:/dev/zero,readbytes=BYTES)
#   Java   -> kernel   h1 reads from the Java host's source (it sends BYTES zero bytes)
#   kernel -> Java     h1 sends BYTES to the Java host's sink (the Java host times it, accept to end)
# and iperf3 kernel -> kernel for SECS seconds as a well-known reference. The ratios are Java's rate over
# kernel -> kernel's in the same round. During every transfer the script samples the CPU time of every thread
# of the machine (/proc) and prints the busiest ones: what bounds the transfer.
# As root; needs iperf3 socat ethtool, and `mvn -B -DskipTests package` first. Everything it runs is in this
# repository (bench/topology.sh, the switch, the CLI, the bench jar) or installed by those packages.
# Usage: bench/netstack-linux.sh   (BYTES=1073741824 ROUNDS=3 SECS=5 WARMUP_BYTES=268435456 by default;
# PREFIX=xy prefixes the namespace names; SWITCH_JAVA_OPTS and JAVA_HOST_OPTS give JVM flags to the switch and
# to the Java host, e.g. JAVA_HOST_OPTS=-XX:StartFlightRecording=filename=/tmp/host.jfr,settings=profile; JAVA_HOST_ARGS
# more arguments of StackEndpoint, e.g. JAVA_HOST_ARGS="--buffer 4194304" for larger TCP buffers)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BYTES=${BYTES:-1073741824} ROUNDS=${ROUNDS:-3} SECS=${SECS:-5} WARMUP_BYTES=${WARMUP_BYTES:-268435456}
export P=${PREFIX:-}nl
JAVA_IP=198.19.0.100
out="$root/bench/results"; mkdir -p "$out"
log=$(mktemp -d)
pids=()

down() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  # Deleting a namespace does not end its processes (a socat or iperf3 left waiting by a failed run).
  for n in h1 h2 vsw; do ip netns pids "${P}$n" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  "$root/bench/topology.sh" down
}
trap down EXIT

# CPU time (ticks) of every thread of the machine: "pid/tid comm ticks user system", comm of the thread (the JVM names its
# threads, cut to 15 characters).
threads() {
  awk '{
    split(FILENAME, path, "/"); line = $0; lp = index(line, "("); rp = 0
    for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { rp = i; break }
    if (!lp || !rp) next
    comm = substr(line, lp + 1, rp - lp - 1); gsub(/ /, "_", comm)
    split(substr(line, rp + 2), f, " ")
    print path[3] "/" path[5], comm, f[12] + f[13], f[12], f[13] }' /proc/[0-9]*/task/[0-9]*/stat 2>/dev/null || true
}
# The whole machine's CPU (ticks): user system softirq idle, from /proc/stat.
machine() { awk '/^cpu / { print $2 + $3, $4, $7 + $8, $5 + $6 }' /proc/stat; }

# sampled NAME COMMAND...: runs the command, then prints the machine's CPU shares and the busiest threads meanwhile
# (percent of one core) into $log/NAME.cpu.
sampled() {
  local name=$1; shift
  threads > "$log/$name.t0"; machine > "$log/$name.m0"; local t0; t0=$(date +%s.%N)
  "$@"
  local t1; t1=$(date +%s.%N); threads > "$log/$name.t1"; machine > "$log/$name.m1"
  {
    paste "$log/$name.m0" "$log/$name.m1" | awk '{ u = $5 - $1; s = $6 - $2; q = $7 - $3; i = $8 - $4; t = u + s + q + i
      printf "machine: user %.0f%%, system %.0f%%, softirq %.0f%%, idle %.0f%% of 2 cores\n", 100*u/t, 100*s/t, 100*q/t, 100*i/t }'
    awk -v secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v hz="$(getconf CLK_TCK)" \
      'NR == FNR { t[$1] = $3; u[$1] = $4; s[$1] = $5; next } { if (!($1 in t)) next; d = $3 - t[$1]; c = 100 / hz / secs
        if (d > 0) printf "%6.1f%% (user %4.1f%%, system %4.1f%%)  %s %s\n", d * c, ($4 - u[$1]) * c, ($5 - s[$1]) * c, $1, $2 }' \
      "$log/$name.t0" "$log/$name.t1" | sort -rn | head -8
  } > "$log/$name.cpu"
}

# The full names of the threads of the JVMs given (the kernel keeps 15 characters): "pid/tid name" lines.
java_threads() {
  for pid in "$@"; do
    jcmd "$pid" Thread.print 2>/dev/null | sed -nE 's/^"([^"]+)".* nid=0x([0-9a-f]+) .*/\2 \1/p' | while read -r nid name; do
      echo "$pid/$((16#$nid)) ${name// /_}"
    done
  done
}

# rate BYTES SECONDS: Gbit/s
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.2f", b * 8 / s / 1e9 }'; }
# timed FILE COMMAND...: runs the command, writes its wall time in seconds to FILE.
timed() {
  local file=$1; shift
  local t0; t0=$(date +%s.%N); "$@"; local t1; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' > "$file"
}
# The reader in h1: from ADDRESS:PORT to /dev/null, 256 KiB per call as the sources write.
read_from() { ip netns exec "${P}h1" socat -u -b 262144 "TCP:$1,retry=20,interval=0.1" OPEN:/dev/null; }
# The sender in h1: BYTES zero bytes to ADDRESS:PORT.
send_to() { ip netns exec "${P}h1" socat -u -b 262144 "OPEN:/dev/zero,readbytes=$2" "TCP:$1,retry=20,interval=0.1"; }
# The Java host's line for its Nth sink connection: its seconds.
sink_seconds() {
  for _ in $(seq 600); do
    local line; line=$(grep '^sink 9:' "$log/java.out" | sed -n "${1}p")
    if [ -n "$line" ]; then echo "$line" | awk '{ print $6 }'; return; fi
    sleep 0.1
  done
  echo "the Java host's sink printed no line $1: see $log/java.out" >&2; exit 1
}

"$root/bench/topology.sh" up
ip netns exec "${P}vsw" java ${SWITCH_JAVA_OPTS:-} -jar "$root/switch-server/target/vnetif-switch.jar" --control 127.0.0.1:7400 \
    --data 127.0.0.1:7401 --metrics off --vxlan --log-level warn > "$log/switch.out" 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q "switch ready" "$log/switch.out" && break; sleep 0.1; done
for i in 1 2; do
  ip netns exec "${P}vsw" java -jar "$root/cli/target/vnetif.jar" vxlan --switch 127.0.0.1:7400 --network bench --vni 42 \
      --peer "198.18.$i.1" --label "h$i" >/dev/null
done
"$root/bench/topology.sh" vxlan
ip netns exec "${P}vsw" java ${JAVA_HOST_OPTS:-} -cp "$root/bench/target/benchmarks.jar" io.vnetif.bench.netstack.StackEndpoint \
    --switch 127.0.0.1:7400 --network bench --ip "$JAVA_IP/24" --mtu 1450 --sink 9 --source "19=$BYTES,20=$WARMUP_BYTES" ${JAVA_HOST_ARGS:-} > "$log/java.out" 2>&1 & pids+=($!)
for _ in $(seq 200); do grep -q "^stack .* up" "$log/java.out" && break; sleep 0.1; done
grep -q "^stack .* up" "$log/java.out" || { echo "the Java host did not start: $(cat "$log/java.out")" >&2; exit 1; }
# h2's source for kernel -> kernel, one process per connection.
ip netns exec "${P}h2" socat -U -b 262144 TCP-LISTEN:5002,reuseaddr,fork "OPEN:/dev/zero,readbytes=$BYTES" & pids+=($!)
ip netns exec "${P}h2" socat -U -b 262144 TCP-LISTEN:5003,reuseaddr,fork "OPEN:/dev/zero,readbytes=$WARMUP_BYTES" & pids+=($!)
ip netns exec "${P}h1" ping -q -c 20 -i 0.05 "$JAVA_IP" >/dev/null
ip netns exec "${P}h1" ping -q -c 20 -i 0.05 198.19.0.2 >/dev/null

# Warm-up: the JIT compiles the stack's and the switch's paths (a transfer each way, and one kernel to kernel).
echo "warm-up: $WARMUP_BYTES bytes each way" >&2
read_from 198.19.0.2:5003
send_to "$JAVA_IP:9" "$WARMUP_BYTES"; sink_seconds 1 >/dev/null
read_from "$JAVA_IP:20"

printf "%-6s %12s %12s %12s %14s %14s %13s\n" round "k->k Gbit/s" "J->k Gbit/s" "k->J Gbit/s" "J->k / k->k" "k->J / k->k" "iperf3 k->k"
echo "round,kernel_to_kernel_gbit_s,java_to_kernel_gbit_s,kernel_to_java_gbit_s,java_to_kernel_ratio,kernel_to_java_ratio,iperf3_kernel_to_kernel_gbit_s" \
    > "$out/netstack-linux.csv"
for r in $(seq "$ROUNDS"); do
  sampled "kk$r" timed "$log/kk$r.s" read_from 198.19.0.2:5002
  sampled "jk$r" timed "$log/jk$r.s" read_from "$JAVA_IP:19"
  sampled "kj$r" send_to "$JAVA_IP:9" "$BYTES"
  sink_seconds $((r + 1)) > "$log/kj$r.s"
  ip netns exec "${P}h2" iperf3 -s -D -1 >/dev/null; sleep 0.5
  ip netns exec "${P}h1" iperf3 -c 198.19.0.2 -t "$SECS" -f g > "$log/iperf$r.txt"
  kk=$(rate "$BYTES" "$(cat "$log/kk$r.s")"); jk=$(rate "$BYTES" "$(cat "$log/jk$r.s")"); kj=$(rate "$BYTES" "$(cat "$log/kj$r.s")")
  ip3=$(grep receiver "$log/iperf$r.txt" | grep -oE '[0-9.]+ Gbits/sec' | awk '{print $1}')
  row=("$r" "$kk" "$jk" "$kj" "$(awk -v a="$jk" -v b="$kk" 'BEGIN { printf "%.2f", a / b }')" \
       "$(awk -v a="$kj" -v b="$kk" 'BEGIN { printf "%.2f", a / b }')" "$ip3")
  printf "%-6s %12s %12s %12s %14s %14s %13s\n" "${row[@]}"
  (IFS=,; echo "${row[*]}") >> "$out/netstack-linux.csv"
done
echo
echo "busiest threads during the last round (percent of one core, of it in user space and in the kernel; the Java host's are vnetif-netstack-* (the stack's loop),"
echo "vnetif-<mac>-* (its interface) and stack-endpoint-* (the sink's and source's); the switch's vnetif-data-*; softirq"
echo "work is counted to whichever thread was on the CPU):"
java_threads "${pids[0]}" "${pids[1]}" > "$log/java-threads"
for t in kk jk kj; do
  echo "== $t$ROUNDS"
  awk 'NR == FNR { name[$1] = $2; next } /%/ && ($6 in name) { sub(/[^ ]+$/, name[$6]) } { print }' "$log/java-threads" "$log/$t$ROUNDS.cpu"
done
echo "raw outputs: $log" >&2
