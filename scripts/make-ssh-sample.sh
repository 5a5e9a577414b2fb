#!/usr/bin/env bash
# Builds samples/ssh-sessions.pcap: an engineering laptop (10.89.0.2) and two SSH servers on
# a substation gateway (10.89.0.1): OpenSSH on port 22 with an Ed25519 host key, and Dropbear
# (the SSH server of many embedded devices) on port 2222 with an ECDSA P-256 host key. Over
# OpenSSH the laptop logs in with a key and runs a command, tries a wrong password three times
# for a user named admin, and logs in once more with compression; over Dropbear, with
# Dropbear's own client, it fails once with a wrong password and then logs in with a key.
# Needs root (ip netns). Installs tcpdump, openssh-server, openssh-client and dropbear-bin
# from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-samples/ssh-sessions.pcap}
SRV=vigil-ssh-gateway CLI=vigil-ssh-laptop
S=10.89.0.1 C=10.89.0.2
SIF=sg0 CIF=sl0
. scripts/sample/netns-pair.sh

for tool in tcpdump sshd ssh dropbear dbclient; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump openssh-server openssh-client dropbear-bin iproute2 >/dev/null
    break
  }
done

netns_pair
mkdir -p "$work/home/.ssh" /run/sshd
ssh-keygen -q -t ed25519 -N "" -C gateway -f "$work/host_ed25519"
ssh-keygen -q -t ed25519 -N "" -C laptop -f "$work/laptop"
cp "$work/laptop.pub" "$work/authorized_keys"
dropbearkey -t ecdsa -s 256 -f "$work/dropbear_ecdsa" >/dev/null
# Dropbear reads root's authorized keys from ~root/.ssh: its client key is given to it there
# for the run only, in a copy restored on exit.
dropbearkey -t ed25519 -f "$work/laptop.db" >/dev/null
dbpub=$(dropbearkey -y -f "$work/laptop.db" | grep '^ssh-')
mkdir -p /root/.ssh
[ -f /root/.ssh/authorized_keys ] && cp /root/.ssh/authorized_keys "$work/root_keys.saved"
restore_root_keys() {
  if [ -f "$work/root_keys.saved" ]; then cp "$work/root_keys.saved" /root/.ssh/authorized_keys; else rm -f /root/.ssh/authorized_keys; fi
}
trap 'restore_root_keys; netns_cleanup' EXIT
echo "$dbpub" >>/root/.ssh/authorized_keys

cat >"$work/sshd_config" <<CONF
ListenAddress $S:22
HostKey $work/host_ed25519
PermitRootLogin prohibit-password
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PidFile $work/sshd.pid
CONF

# A client that answers every password prompt with a wrong password.
printf '#!/bin/sh\necho not-the-password\n' >"$work/askpass"
chmod +x "$work/askpass"
SSHOPTS=(-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o BatchMode=no -o LogLevel=ERROR)

ip netns exec $CLI tcpdump -i $CIF -U -s 0 -w "$work/cap.pcap" tcp >/dev/null 2>&1 &
TCPDUMP=$!
sleep 1
ip netns exec $SRV /usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log"
ip netns exec $SRV dropbear -r "$work/dropbear_ecdsa" -p $S:2222 -P "$work/dropbear.pid" -E 2>"$work/dropbear.log"
sleep 1
ip netns exec $CLI ssh "${SSHOPTS[@]}" -i "$work/laptop" -o PreferredAuthentications=publickey root@$S 'uname -s'
ip netns exec $CLI env SSH_ASKPASS="$work/askpass" SSH_ASKPASS_REQUIRE=force \
  ssh "${SSHOPTS[@]}" -o PreferredAuthentications=password -o NumberOfPasswordPrompts=3 -o PubkeyAuthentication=no admin@$S true || true
ip netns exec $CLI ssh "${SSHOPTS[@]}" -C -i "$work/laptop" -o PreferredAuthentications=publickey root@$S 'echo compressed'
ip netns exec $CLI env DROPBEAR_PASSWORD=not-the-password \
  dbclient -y -y -p 2222 admin@$S true </dev/null || true
ip netns exec $CLI dbclient -y -y -i "$work/laptop.db" -p 2222 root@$S 'echo dropbear' </dev/null
sleep 1
kill $TCPDUMP; wait $TCPDUMP 2>/dev/null || true
mkdir -p "$(dirname "$OUT")"
cp "$work/cap.pcap" "$OUT"
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
