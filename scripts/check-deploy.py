#!/usr/bin/env python3
"""Checks the deployment files of deploy/ against each other and against the server's defaults.

What docker and kubectl would catch only on a real cluster, checked here without them:
- every YAML file parses, and the Kubernetes manifests name the server's ports (8080, 50051) and probe paths;
- the compose files' nginx sites are deploy/nginx/polestage.conf with the upstreams renamed (--write regenerates
  them): one node, or two on PostgreSQL;
- the PostgreSQL compose and Kubernetes files run several nodes that name the database and keep no volume;
- the image listens on every interface and keeps its data on the volume;
- the example configuration file deploy/polestage.toml parses and names the ports nginx and systemd use.

Usage: scripts/check-deploy.py [--write]   (needs PyYAML)
"""
import pathlib
import sys
import tomllib

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
deploy = root / "deploy"
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)


# The compose nginx site is generated from the host site.
site = (deploy / "nginx" / "polestage.conf").read_text()
generated = (
    "# Generated from deploy/nginx/polestage.conf by scripts/check-deploy.py --write: the upstreams name the compose service.\n"
    + site.replace("server 127.0.0.1:8080;", "server polestage:8080;").replace(
        "server 127.0.0.1:50051;", "server polestage:50051;"
    )
)
compose_site = deploy / "docker" / "nginx-compose.conf"
# The two-node site of the PostgreSQL compose file: every upstream lists both nodes.
generated_nodes = (
    "# Generated from deploy/nginx/polestage.conf by scripts/check-deploy.py --write: the upstreams name both nodes.\n"
    + site.replace(
        "server 127.0.0.1:8080;", "server polestage-1:8080;\n    server polestage-2:8080;"
    ).replace("server 127.0.0.1:50051;", "server polestage-1:50051;\n    server polestage-2:50051;")
)
nodes_site = deploy / "docker" / "nginx-compose-nodes.conf"
if "--write" in sys.argv:
    compose_site.write_text(generated)
    nodes_site.write_text(generated_nodes)
check(compose_site.read_text() == generated, "deploy/docker/nginx-compose.conf is stale: run scripts/check-deploy.py --write")
check(
    nodes_site.exists() and nodes_site.read_text() == generated_nodes,
    "deploy/docker/nginx-compose-nodes.conf is stale: run scripts/check-deploy.py --write",
)

# YAML parses; the manifests agree with the server.
documents = {}
for path in sorted(deploy.rglob("*.y*ml")):
    try:
        documents[path.relative_to(root)] = list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as error:
        errors.append(f"{path.relative_to(root)}: {error}")

k8s = documents.get(pathlib.Path("deploy/k8s/polestage.yaml"), [])
kinds = {doc["kind"]: doc for doc in k8s if doc}
check("StatefulSet" in kinds and "Service" in kinds, "deploy/k8s/polestage.yaml needs a StatefulSet and a Service")
if "StatefulSet" in kinds:
    spec = kinds["StatefulSet"]["spec"]
    container = spec["template"]["spec"]["containers"][0]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    check(ports == {"http": 8080, "grpc": 50051}, f"container ports {ports} are not the server's 8080 and 50051")
    check(container["livenessProbe"]["httpGet"]["path"] == "/healthz", "liveness probe is not /healthz")
    check(container["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness probe is not /readyz")
    check("--host" in container["args"] and "0.0.0.0" in container["args"], "the pod's server must listen on 0.0.0.0")
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    check("/data" in mounts and "/data" in container["args"], "the data folder must be the persistent volume")
    check(spec.get("volumeClaimTemplates"), "the StatefulSet needs a volume claim for its stores")

compose = documents.get(pathlib.Path("deploy/docker/docker-compose.yml"), [{}])[0] or {}
check("polestage" in compose.get("services", {}), "docker-compose.yml needs the polestage service")

# Several nodes on PostgreSQL: every node names the database, none keeps a data volume, nginx uses the two-node site.
nodes = documents.get(pathlib.Path("deploy/docker/docker-compose.postgres.yml"), [{}])[0] or {}
services = nodes.get("services", {})
check({"postgres", "polestage-1", "polestage-2", "nginx"} <= set(services), "docker-compose.postgres.yml: postgres, two nodes, nginx")
for name in ("polestage-1", "polestage-2"):
    node = services.get(name, {})
    check("POLESTAGE_STORAGE_DATABASE" in node.get("environment", {}), f"docker-compose.postgres.yml: {name} names no database")
    check(not node.get("volumes"), f"docker-compose.postgres.yml: {name} must keep nothing on a volume")
check(
    any("nginx-compose-nodes.conf" in volume for volume in services.get("nginx", {}).get("volumes", [])),
    "docker-compose.postgres.yml: nginx must use nginx-compose-nodes.conf",
)
scaled = {doc["kind"]: doc for doc in documents.get(pathlib.Path("deploy/k8s/polestage-postgres.yaml"), []) if doc}
check("Deployment" in scaled, "deploy/k8s/polestage-postgres.yaml needs a Deployment of stateless nodes")
if "Deployment" in scaled:
    deployment = scaled["Deployment"]["spec"]
    container = deployment["template"]["spec"]["containers"][0]
    check(deployment.get("replicas", 1) >= 2, "deploy/k8s/polestage-postgres.yaml: at least two nodes")
    check(
        any(env.get("name") == "POLESTAGE_STORAGE_DATABASE" for env in container.get("env", [])),
        "deploy/k8s/polestage-postgres.yaml: the nodes need POLESTAGE_STORAGE_DATABASE",
    )
    check(container["readinessProbe"]["httpGet"]["path"] == "/readyz", "deploy/k8s/polestage-postgres.yaml: readiness on /readyz")

dockerfile = (deploy / "docker" / "Dockerfile").read_text()
check('"--host", "0.0.0.0"' in dockerfile and '"--data", "/data"' in dockerfile, "the image must serve on 0.0.0.0 with /data")
check("EXPOSE 8080 50051" in dockerfile, "the image must expose 8080 and 50051")

# The example configuration (Tests/PoleStageCLITests checks it against the server's settings) agrees with the others.
try:
    toml = tomllib.loads((deploy / "polestage.toml").read_text())
    check(toml["server"]["host"] == "127.0.0.1" and toml["server"]["port"] == 8080, "polestage.toml: nginx proxies 127.0.0.1:8080")
    check(toml["grpc"]["port"] == 50051, "polestage.toml: nginx proxies gRPC to port 50051")
    unit = (deploy / "systemd" / "polestage.service").read_text()
    check(
        "WorkingDirectory=/var/lib/polestage" in unit and toml["storage"]["data_dir"] == "/var/lib/polestage/data",
        "polestage.toml: data_dir must be the systemd unit's data folder, /var/lib/polestage/data",
    )
except (tomllib.TOMLDecodeError, KeyError) as error:
    errors.append(f"deploy/polestage.toml: {error!r}")

for error in errors:
    print(f"check-deploy: {error}", file=sys.stderr)
print(f"check-deploy: {len(documents)} YAML files, {'ok' if not errors else f'{len(errors)} problems'}")
sys.exit(1 if errors else 0)
