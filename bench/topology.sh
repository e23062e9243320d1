#!/usr/bin/env bash
# The benchmarks' hosts: two test hosts ${P}h1 (198.18.1.1) and ${P}h2 (198.18.2.1) and a switch host ${P}vsw
# (198.18.1.254 and 198.18.2.254), each a network namespace, joined by veth pairs; the test hosts reach each
# other only through whatever runs in the switch host. As root.
# "vxlan" then gives both test hosts a kernel VXLAN device vx0 (VNI 42) that sends to the switch host's port 4789,
# with the overlay address 198.19.0.N/24 and MTU 1450; whatever relays there forwards bytes, so inner checksums are
# completed before encapsulation (tx off).
# Usage: P=PREFIX bench/topology.sh up|vxlan|down   (the prefix keeps several copies apart; "down" deletes them)
set -euo pipefail
P=${P:?set P, the prefix of the namespace names}
case "${1:-up}" in
up)
  for n in h1 h2 vsw; do ip netns add "${P}$n"; ip -n "${P}$n" link set lo up; done
  for i in 1 2; do
    ip link add "${P}u$i" type veth peer name "${P}s$i"
    ip link set "${P}u$i" netns "${P}h$i"; ip link set "${P}s$i" netns "${P}vsw"
    ip -n "${P}h$i" addr add "198.18.$i.1/24" dev "${P}u$i"; ip -n "${P}h$i" link set "${P}u$i" up
    ip -n "${P}vsw" addr add "198.18.$i.254/24" dev "${P}s$i"; ip -n "${P}vsw" link set "${P}s$i" up
  done ;;
vxlan)
  for i in 1 2; do
    ip -n "${P}h$i" link add vx0 type vxlan id 42 local "198.18.$i.1" remote "198.18.$i.254" dstport 4789
    ip -n "${P}h$i" addr add "198.19.0.$i/24" dev vx0; ip -n "${P}h$i" link set vx0 mtu 1450 up
    ip netns exec "${P}h$i" ethtool -K vx0 tx off >/dev/null
  done ;;
down)
  for n in h1 h2 vsw; do ip netns del "${P}$n" 2>/dev/null || true; done ;;
*)
  echo "usage: P=PREFIX $0 up|vxlan|down" >&2; exit 2 ;;
esac
