#!/usr/bin/env bash
# Validate deploy/k8s/brief-job.yaml offline (no cluster): deploy/k8s/validate.py checks
# it against the models of the official Kubernetes Python client (its API schema), in a
# virtual environment under target/ that pip fills on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/k8s-venv
if ! "$venv/bin/python" -c "import kubernetes, yaml, pydantic" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "kubernetes==37.0.2" pyyaml
fi
"$venv/bin/python" deploy/k8s/validate.py deploy/k8s/brief-job.yaml
