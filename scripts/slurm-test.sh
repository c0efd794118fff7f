#!/usr/bin/env bash
# The sharded batch on a real Slurm: install Debian's slurm-wlm and munge when absent,
# start munged, slurmctld and slurmd on this machine (one node, a private config under
# a temporary folder: SLURM_CONF, nothing in /etc/slurm is touched), submit
# deploy/slurm/submit.sh over a small corpus with the small model, wait for the array
# and the merge (bounded), and check that the merged summaries and brief.md equal one
# `brief run` over the same inputs, byte for byte. Prints the sacct lines of the jobs.
#
# When the daemons cannot run here (no root, no apt, a daemon that will not start),
# it prints "slurm-test: SKIPPED: <why>" and exits 0; any other failure exits 1.
#   scripts/slurm-test.sh [MODEL] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
model=${1:-$root/models/qwen2.5-coder-0.5b-instruct.gguf}
work=${2:-$(mktemp -d /tmp/brief-slurm.XXXXXX)}
bin=$root/target/release/brief
timeout_s=${BRIEF_SLURM_TIMEOUT:-2400}
# The same flags for the single run and for every shard; few key sentences keep it short.
flags="--device cpu --key-sentences 3"

skip() { echo "slurm-test: SKIPPED: $*"; exit 0; }
fail() { echo "slurm-test: FAILED: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "$bin is missing — build it with cargo build --release"
[ -f "$model" ] || fail "$model is missing — scripts/fetch-model.sh small"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" -eq 0 ] || skip "slurm-wlm and munge are not installed and installing needs root"
    command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; } \
        >"$work/apt.log" 2>&1 || skip "apt-get install slurm-wlm munge failed (see $work/apt.log)"
fi
[ "$(id -u)" -eq 0 ] || skip "the Slurm daemons need root here (slurmd runs jobs as their users)"

mkdir -p "$work"/{state,spool,logs,corpus}
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# munge: a key of our own and a socket of our own, so a system munged is left alone.
munge_socket=$work/munge.socket
mungekey --create --keyfile="$work/munge.key" --force >/dev/null 2>&1 \
    || dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged --force --key-file="$work/munge.key" --socket="$munge_socket" \
    --pid-file="$work/munged.pid" --log-file="$work/logs/munged.log" \
    --seed-file="$work/munge.seed" >/dev/null 2>&1 || skip "munged would not start (see $work/logs/munged.log)"
for _ in $(seq 50); do [ -f "$work/munged.pid" ] && break; sleep 0.1; done
[ -f "$work/munged.pid" ] || skip "munged wrote no pid file (see $work/logs/munged.log)"
pids+=("$(cat "$work/munged.pid")")

host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=brieftest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CredType=cred/munge
SlurmctldPort=${BRIEF_SLURMCTLD_PORT:-16817}
SlurmdPort=${BRIEF_SLURMD_PORT:-16818}
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$work/jobcomp.txt
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -c >/dev/null 2>&1 || skip "slurmctld would not start (see $work/logs/slurmctld.log)"
for _ in $(seq 100); do [ -f "$work/slurmctld.pid" ] && break; sleep 0.1; done
[ -f "$work/slurmctld.pid" ] || skip "slurmctld wrote no pid file (see $work/logs/slurmctld.log)"
pids+=("$(cat "$work/slurmctld.pid")")
slurmd >/dev/null 2>&1 || skip "slurmd would not start (see $work/logs/slurmd.log)"
for _ in $(seq 100); do [ -f "$work/slurmd.pid" ] && break; sleep 0.1; done
[ -f "$work/slurmd.pid" ] || skip "slurmd wrote no pid file (see $work/logs/slurmd.log)"
pids+=("$(cat "$work/slurmd.pid")")
ready=""
for _ in $(seq 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then ready=yes; break; fi
    sleep 1
done
[ -n "$ready" ] || skip "the node never became idle: $(sinfo -h -N -o '%T %E' 2>&1 | head -1) (see $work/logs/)"

# The corpus: the two articles of examples/unseen and one written for this project.
cp examples/unseen/*.txt "$work/corpus/"
cp "$(find scripts/articles -name '*.txt' | sort | head -1)" "$work/corpus/"
echo "slurm-test: corpus $(find "$work/corpus" -type f | wc -l) articles, model $(basename "$model")"

started=$(date +%s)
# shellcheck disable=SC2086 # a word list
"$bin" run "$work/corpus" --out "$work/single" --quiet --model "$model" $flags \
    || fail "the single run failed"
echo "slurm-test: single run $(($(date +%s) - started)) s"

export BRIEF_BIN=$bin BRIEF_INPUTS=$work/corpus BRIEF_OUT=$work/sharded BRIEF_MODEL=$model
export BRIEF_ARGS=$flags
export SBATCH_ARGS="--chdir=$work/logs --cpus-per-task=$cpus"
ids=$(deploy/slurm/submit.sh 3 1) || fail "sbatch refused the jobs"
echo "slurm-test: submitted $ids"
array=$(echo "$ids" | awk '{ print $2 }')
merge=$(echo "$ids" | awk '{ print $4 }')
deadline=$(($(date +%s) + timeout_s))
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "the jobs did not end within $timeout_s s: $(squeue -h 2>&1)"
    if squeue -h -j "$merge" -o '%r' 2>/dev/null | grep -q DependencyNeverSatisfied; then
        scancel "$merge"
        fail "a shard failed, so the merge will never run: $(tail -n 3 "$work"/logs/brief-shard-*.out)"
    fi
    sleep 5
done
echo "slurm-test: jobs ended after $(($(date +%s) - started)) s in all"
echo "slurm-test: sacct -c (job completion records):"
sacct -c -o JobID,JobName%12,NodeList,State,Start,End,Elapsed,ExitCode 2>&1 | grep -v "Unknown type" || true
# sacct -c names array tasks by their own job ids; the completion records map them.
awk '{ for (i = 1; i <= NF; i++)
         if ($i ~ /^(JobId|Name|JobState|StartTime|EndTime|ArrayJobId|ArrayTaskId|ExitCode)=/)
             printf "%s ", $i
       print "" }' "$work/jobcomp.txt"
grep -q "JobId=${merge}.*JobState=COMPLETED" "$work/jobcomp.txt" \
    || fail "the merge job did not complete (see $work/logs/)"

[ -f "$work/sharded/brief.md" ] || fail "the merge wrote no brief.md"
cmp "$work/single/brief.md" "$work/sharded/brief.md" || fail "brief.md differs from the single run"
diff -r "$work/single/summaries" "$work/sharded/summaries" >/dev/null \
    || fail "the summaries differ from the single run"
echo "slurm-test: PASSED: $(ls "$work/sharded/summaries" | wc -l) summaries and brief.md equal the single run byte for byte ($work)"
