#!/usr/bin/env python3
"""Validate deploy/k8s/brief-job.yaml offline against the Kubernetes API's own models.

Every document is validated by the model class of its kind from the `kubernetes`
package (the official client, generated from the API's OpenAPI schema; pydantic models
that forbid unknown fields): a field the schema does not have, a value of the wrong type
or a required field left out is an error, named by its path. Then the checks a schema cannot make: the shard Job is Indexed, its
BRIEF_SHARD_COUNT equals its completions, every volume mount names a volume, the claim
they use is declared, and the merge Job waits for exactly that many shard manifests.

usage: validate.py [MANIFEST]   (exit 0 when valid, 1 with one line per problem)
"""

import re
import sys
from pathlib import Path

import kubernetes.client as k8s
import pydantic
import yaml

KINDS = {
    ("v1", "PersistentVolumeClaim"): k8s.V1PersistentVolumeClaim,
    ("batch/v1", "Job"): k8s.V1Job,
}


def schema_problems(doc, model, name):
    """The document against the client's model: pydantic, with unknown fields forbidden."""
    try:
        model.model_validate(doc)
    except pydantic.ValidationError as err:
        return [f"{name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]
    return []


def semantic(documents, problems):
    """What a schema cannot say about this deployment."""
    jobs = {doc["metadata"]["name"]: doc for doc in documents if doc.get("kind") == "Job"}
    claims = {doc["metadata"]["name"] for doc in documents
              if doc.get("kind") == "PersistentVolumeClaim"}
    shard = jobs.get("brief-shards")
    merge = jobs.get("brief-merge")
    if shard is None or merge is None:
        problems.append("the manifest needs the Jobs brief-shards and brief-merge")
        return
    spec = shard["spec"]
    if spec.get("completionMode") != "Indexed":
        problems.append("brief-shards: completionMode must be Indexed (JOB_COMPLETION_INDEX)")
    completions = spec.get("completions")
    if not isinstance(completions, int) or completions < 1:
        problems.append("brief-shards: completions must be a positive number of shards")
    if not 1 <= spec.get("parallelism", 0) <= (completions or 0):
        problems.append("brief-shards: parallelism must be between 1 and completions")
    container = spec["template"]["spec"]["containers"][0]
    env = {item["name"]: item.get("value") for item in container.get("env", [])}
    if env.get("BRIEF_SHARD_COUNT") != str(completions):
        problems.append(f"brief-shards: BRIEF_SHARD_COUNT is {env.get('BRIEF_SHARD_COUNT')!r}, "
                        f"completions is {completions}")
    if "--shard auto" not in " ".join(container.get("args", [])):
        problems.append("brief-shards: the container must run `brief run ... --shard auto`")
    merge_pod = merge["spec"]["template"]["spec"]
    merge_args = " ".join(" ".join(c.get("args", [])) for c in merge_pod["containers"])
    if "brief merge" not in merge_args:
        problems.append("brief-merge: the container must run `brief merge`")
    waits = " ".join(" ".join(c.get("args", [])) for c in merge_pod.get("initContainers", []))
    if not re.search(rf"of-{completions}\.json.*-ge {completions}\b", waits):
        problems.append(f"brief-merge: the init container must wait for {completions} manifests")
    for name, job in jobs.items():
        pod = job["spec"]["template"]["spec"]
        if pod.get("restartPolicy") not in ("Never", "OnFailure"):
            problems.append(f"{name}: a Job's pods need restartPolicy Never or OnFailure")
        volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            for mount in container.get("volumeMounts", []):
                if mount["name"] not in volumes:
                    problems.append(f"{name}/{container['name']}: mounts an undeclared "
                                    f"volume {mount['name']}")
        for volume in volumes.values():
            claim = volume.get("persistentVolumeClaim", {}).get("claimName")
            if claim is not None and claim not in claims:
                problems.append(f"{name}: volume {volume['name']} uses an undeclared claim {claim}")


def main():
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("brief-job.yaml"))
    documents = [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
    problems = []
    for index, doc in enumerate(documents):
        model = KINDS.get((doc.get("apiVersion"), doc.get("kind")))
        if model is None:
            problems.append(f"document {index}: unexpected {doc.get('apiVersion')}/{doc.get('kind')}")
            continue
        name = f"{doc['kind']}/{doc.get('metadata', {}).get('name')}"
        problems.extend(schema_problems(doc, model, name))
    if not problems:
        # The checks below read fields the schema check has vouched for.
        semantic(documents, problems)
    for problem in problems:
        print(f"{path}: {problem}")
    if problems:
        return 1
    print(f"{path}: {len(documents)} documents valid ({', '.join(d['kind'] for d in documents)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
