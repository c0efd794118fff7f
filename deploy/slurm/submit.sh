#!/usr/bin/env bash
# Submit a brief batch to Slurm: the array of N shards (at most K running at once), then
# the merge, which waits for every shard to end well (afterok). Prints both job ids.
#   deploy/slurm/submit.sh N K
# with BRIEF_INPUTS, BRIEF_OUT and optionally BRIEF_BIN, BRIEF_MODEL, BRIEF_ARGS,
# BRIEF_MERGE_ARGS and SBATCH_ARGS (e.g. "--partition=cpu") in the environment.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:?usage: submit.sh SHARDS CONCURRENCY}
concurrency=${2:?usage: submit.sh SHARDS CONCURRENCY}
: "${BRIEF_INPUTS:?set BRIEF_INPUTS to the articles (files or folders)}"
: "${BRIEF_OUT:?set BRIEF_OUT to the shared output folder}"
mkdir -p "$BRIEF_OUT"
# shellcheck disable=SC2086 # a word list
array=$(sbatch --parsable --export=ALL ${SBATCH_ARGS:-} \
    --array="0-$((shards - 1))%${concurrency}" "$here/brief-array.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086 # a word list
merge=$(sbatch --parsable --export=ALL ${SBATCH_ARGS:-} \
    --dependency="afterok:${array}" "$here/brief-merge.sbatch")
echo "array ${array} merge ${merge%%;*}"
