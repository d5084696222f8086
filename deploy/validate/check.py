#!/usr/bin/env python3
"""Checks of the deployment artefacts that docker-compose config and kubectl kustomize do not make.

Run by deploy/validate/run.sh with the rendered compose file and kustomize builds. Reads the sources of truth from the
repository: each service's application.properties (HTTP port, database name), the embedded launcher's environment
(deploy/local ServiceEnv.of) and services/events Topics.java. Prints every problem found and exits 1 if there is
any.
"""

import argparse
import glob
import json
import os
import re
import shlex
import sys

import yaml

PROBLEMS = []

# Variables only the console reads; the backend services get everything else the launcher passes.
CONSOLE_ONLY = {"WHATMOVED_FEATURES_URL", "WHATMOVED_METRICS_URL", "WHATMOVED_ATTRIBUTION_URL",
                "WHATMOVED_CONSOLE_TOKEN"}
CONSOLE_REQUIRED = {"QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "WHATMOVED_FEATURES_URL", "WHATMOVED_METRICS_URL",
                    "WHATMOVED_ATTRIBUTION_URL"}


def problem(where, what):
    PROBLEMS.append(f"{where}: {what}")


# --- sources of truth ------------------------------------------------------------------------------------------------

def read_properties(path):
    props = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            props[key.strip()] = value.strip()
    return props


def services(root):
    """name -> {port, db}: every module under services/ that is a Quarkus application with an HTTP port."""
    found = {}
    for props_file in sorted(glob.glob(os.path.join(root, "services/*/src/main/resources/application.properties"))):
        name = props_file.split(os.sep)[-5]
        props = read_properties(props_file)
        if "quarkus.http.port" in props:
            found[name] = {"port": int(props["quarkus.http.port"]), "db": props.get("whatmoved.db.name")}
    return found


def launcher_env_keys(root, method="of", required=True):
    """The variables a method of deploy/local's ServiceEnv puts in a service's environment (of: every service;
    consoleEnv: the console besides)."""
    path = os.path.join(root, "deploy/local/src/main/java/dev/whatmoved/local/ServiceEnv.java")
    source = open(path, encoding="utf-8").read()
    start = source.find(f"Map<String, String> {method}(")
    if start < 0:
        if required:
            problem(path, f"no {method} method: update deploy/validate/check.py to where the launcher builds its env")
        return set()
    end = source.find("\n    }\n", start)
    body = source[start:end]
    # a block `if ("features".equals(spec.name())) { env.put(...) }` passes its variables to that service only
    only = re.compile(r'if \("(\w+)"\.equals\(spec\.name\(\)\)\)\s*\{(.*?)\n        \}', re.S)
    keys = set()
    for service, block in only.findall(body):
        for key in re.findall(r'env\.put\(\s*"([A-Z0-9_]+)"', block):
            keys.add(f"{service}:{key}")
    keys.update(re.findall(r'env\.put\(\s*"([A-Z0-9_]+)"', only.sub("", body)))
    if not keys and required:
        problem(path, f"{method} sets no variable that check.py can read")
    return keys


def required_keys(name, launcher_keys):
    """What a backend service's deployment must set: what the launcher passes every service, and what it passes to
    that service only (keys "service:VARIABLE")."""
    common = {k for k in launcher_keys if ":" not in k}
    own = {k.split(":", 1)[1] for k in launcher_keys if k.startswith(name + ":")}
    return (common | own) - CONSOLE_ONLY


def expected_topics(root):
    """Topics.all(): every topic constant named in all(), and its .dlq twin."""
    path = os.path.join(root, "services/events/src/main/java/dev/whatmoved/events/Topics.java")
    source = open(path, encoding="utf-8").read()
    constants = dict(re.findall(r'static final String (\w+) = "([^"]+)";', source))
    body = re.search(r"List<String> all\(\)\s*\{(.*?)\n    \}", source, re.S)
    if not body:
        problem(path, "no all() method that check.py can read")
        return set()
    names = re.search(r"Stream\.of\(([^)]*)\)", body.group(1))
    topics = set()
    for constant in (c.strip() for c in names.group(1).split(",")):
        if constant not in constants:
            problem(path, f"all() names {constant}, which is not a String constant")
            continue
        topics.add(constants[constant])
        topics.add(constants[constant] + ".dlq")
    return topics


# --- Dockerfiles -----------------------------------------------------------------------------------------------------

def dockerfile_instructions(path):
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    lines, current = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                current += line[:-1] + " "
                continue
            current += line
            if current.strip():
                instruction, _, args = current.strip().partition(" ")
                lines.append((instruction.upper(), args.strip()))
            current = ""
    return lines


def check_dockerfiles(root, svc):
    dockerfiles = sorted(f for f in glob.glob(os.path.join(root, "services/*/src/main/docker/Dockerfile*"))
                         if not f.endswith(".dockerignore"))
    if not dockerfiles:
        problem(root, "no services/*/src/main/docker/Dockerfile*")
    for name in svc:
        if not os.path.isfile(os.path.join(root, "services", name, "src/main/docker/Dockerfile.jvm")):
            problem(f"services/{name}", "has no src/main/docker/Dockerfile.jvm")
    copies = 0
    for dockerfile in dockerfiles:
        rel = os.path.relpath(dockerfile, root)
        service_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(dockerfile))))
        name = os.path.basename(service_dir)
        instructions = dockerfile_instructions(dockerfile)
        for instruction, args in instructions:
            if instruction not in ("COPY", "ADD"):
                continue
            words = shlex.split(args)
            if any(w.startswith("--from=") for w in words):
                continue
            paths = [w for w in words if not w.startswith("--")]
            if len(paths) < 2:
                problem(rel, f"{instruction} {args}: needs a source and a destination")
                continue
            for source in paths[:-1]:
                copies += 1
                if not glob.glob(os.path.join(service_dir, source)):
                    hint = "" if os.path.isdir(os.path.join(service_dir, "target/quarkus-app")) else \
                        f" (services/{name}/target/quarkus-app is missing: run ./mvnw -B package first)"
                    problem(rel, f"{instruction} source {source} does not exist in services/{name}{hint}")
        users = [args for instruction, args in instructions if instruction == "USER"]
        if not users or users[-1].split(":")[0] in ("0", "root"):
            problem(rel, "the image must run as a non-root USER")
        exposed = [args for instruction, args in instructions if instruction == "EXPOSE"]
        if name in svc and str(svc[name]["port"]) not in " ".join(exposed).split():
            problem(rel, f"EXPOSE {' '.join(exposed) or '(none)'} but {name} listens on {svc[name]['port']}")
    return copies


# --- compose ---------------------------------------------------------------------------------------------------------

def env_dict(environment):
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return dict(environment or {})


def check_compose(path, root, svc, launcher_keys, topics):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    defined = doc.get("services", {})
    where = "docker-compose.yml"
    for name, spec in svc.items():
        if name not in defined:
            problem(where, f"no service {name}")
            continue
        service = defined[name]
        env = env_dict(service.get("environment"))
        required = CONSOLE_REQUIRED if name == "console" else required_keys(name, launcher_keys)
        for key in sorted(required - env.keys()):
            problem(where, f"{name} lacks {key}, which the embedded launcher passes")
        if env.get("QUARKUS_HTTP_PORT") != str(spec["port"]):
            problem(where, f"{name} QUARKUS_HTTP_PORT={env.get('QUARKUS_HTTP_PORT')}, expected {spec['port']}")
        if spec["db"] and env.get("WHATMOVED_DB_NAME") != spec["db"]:
            problem(where, f"{name} WHATMOVED_DB_NAME={env.get('WHATMOVED_DB_NAME')}, expected {spec['db']}")
        build = service.get("build") or {}
        dockerfile = os.path.join(build.get("context", ""), build.get("dockerfile", "Dockerfile"))
        if not os.path.isfile(dockerfile):
            problem(where, f"{name} builds from {dockerfile}, which does not exist")
        test = " ".join(service.get("healthcheck", {}).get("test", []))
        if "/q/health/ready" not in test or f"/{spec['port']}" not in test:
            problem(where, f"{name} health check must probe /q/health/ready on port {spec['port']}: {test!r}")
        depends = service.get("depends_on") or {}
        wanted = {"kafka-topics": "service_completed_successfully"}
        if spec["db"]:
            wanted["postgres"] = "service_healthy"
        for dependency, condition in wanted.items():
            if (depends.get(dependency) or {}).get("condition") != condition:
                problem(where, f"{name} must depend on {dependency} with condition {condition}")
    for infra, image in (("postgres", "postgres:17"), ("kafka", "apache/kafka:")):
        if not defined.get(infra, {}).get("image", "").startswith(image):
            problem(where, f"service {infra} must use the image {image}...")
    pg_env = env_dict(defined.get("postgres", {}).get("environment"))
    databases = set((pg_env.get("WHATMOVED_DATABASES") or "").split())
    wanted_dbs = {s["db"] for s in svc.values() if s["db"]}
    if databases != wanted_dbs:
        problem(where, f"postgres WHATMOVED_DATABASES={sorted(databases)}, the services use {sorted(wanted_dbs)}")
    # The topic script's list.
    script = os.path.join(root, "deploy/compose/create-topics.sh")
    listed = set()
    for topic in re.findall(r'^\s*"(whatmoved\.[a-z.-]+)\s', open(script, encoding="utf-8").read(), re.M):
        listed.update({topic, topic + ".dlq"})
    compare_topics("deploy/compose/create-topics.sh", listed, topics)


def compare_topics(where, listed, expected):
    for topic in sorted(expected - listed):
        problem(where, f"topic {topic} (in Topics.all()) is not created")
    for topic in sorted(listed - expected):
        problem(where, f"topic {topic} is not in Topics.all()")


# --- Kubernetes ------------------------------------------------------------------------------------------------------

def load_all(path):
    return [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d]


def secret_template(root):
    """name -> keys of the Secrets documented in deploy/k8s/base/secrets.template.yaml."""
    path = os.path.join(root, "deploy/k8s/base/secrets.template.yaml")
    return {d["metadata"]["name"]: set((d.get("stringData") or d.get("data") or {}).keys()) for d in load_all(path)}


def check_k8s(path, label, root, svc, launcher_keys, topics=None):
    docs = load_all(path)
    by_kind = {}
    for d in docs:
        if not isinstance(d, dict) or "kind" not in d or "metadata" not in d:
            problem(label, f"not a Kubernetes object: {str(d)[:80]}")
            continue
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    configmaps = by_kind.get("ConfigMap", {})
    secrets = secret_template(root)
    deployments = by_kind.get("Deployment", {})
    for name, spec in svc.items():
        deployment = deployments.get(name)
        if not deployment:
            problem(label, f"no Deployment {name}")
            continue
        where = f"{label} Deployment {name}"
        pod = deployment["spec"]["template"]
        containers = pod["spec"]["containers"]
        container = containers[0]
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
        if spec["port"] not in ports.values():
            problem(where, f"no containerPort {spec['port']}")
        for probe, path_ in (("readinessProbe", "/q/health/ready"), ("livenessProbe", "/q/health/live")):
            get = (container.get(probe) or {}).get("httpGet") or {}
            port = ports.get(get.get("port"), get.get("port"))
            if get.get("path") != path_ or port != spec["port"]:
                problem(where, f"{probe} must GET {path_} on port {spec['port']}, is {get}")
        resources = container.get("resources") or {}
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in (resources.get(kind) or {}):
                    problem(where, f"no resources.{kind}.{resource}")
        annotations = pod["metadata"].get("annotations") or {}
        wanted = {"prometheus.io/scrape": "true", "prometheus.io/path": "/q/metrics",
                  "prometheus.io/port": str(spec["port"])}
        for key, value in wanted.items():
            if annotations.get(key) != value:
                problem(where, f"pod annotation {key} must be {value!r}, is {annotations.get(key)!r}")
        security = pod["spec"].get("securityContext") or {}
        if not security.get("runAsNonRoot"):
            problem(where, "securityContext.runAsNonRoot must be true")
        # The environment: direct values, ConfigMap keys (envFrom) and their references must exist.
        env_names = set()
        for var in container.get("env", []):
            env_names.add(var["name"])
            source = var.get("valueFrom") or {}
            if "configMapKeyRef" in source:
                ref = source["configMapKeyRef"]
                if ref.get("key") not in (configmaps.get(ref["name"], {}).get("data") or {}):
                    problem(where, f"{var['name']} reads ConfigMap {ref['name']} key {ref.get('key')}, not built")
            if "secretKeyRef" in source:
                ref = source["secretKeyRef"]
                if ref.get("key") not in secrets.get(ref["name"], set()):
                    problem(where, f"{var['name']} reads Secret {ref['name']} key {ref.get('key')}, which "
                                   "deploy/k8s/base/secrets.template.yaml does not document")
        for source in container.get("envFrom", []):
            ref = (source.get("configMapRef") or {}).get("name")
            if ref:
                if ref not in configmaps:
                    problem(where, f"envFrom ConfigMap {ref} is not built")
                env_names.update((configmaps.get(ref, {}).get("data") or {}).keys())
        required = CONSOLE_REQUIRED if name == "console" else required_keys(name, launcher_keys)
        for key in sorted(required - env_names):
            problem(where, f"lacks {key}, which the embedded launcher passes")
        direct = {v["name"]: v.get("value") for v in container.get("env", [])}
        if direct.get("QUARKUS_HTTP_PORT") != str(spec["port"]):
            problem(where, f"QUARKUS_HTTP_PORT must be {spec['port']}")
        if spec["db"] and direct.get("WHATMOVED_DB_NAME") != spec["db"]:
            problem(where, f"WHATMOVED_DB_NAME must be {spec['db']}")
        for volume in pod["spec"].get("volumes", []):
            secret = (volume.get("secret") or {}).get("secretName")
            if secret and secret not in secrets:
                problem(where, f"mounts Secret {secret}, which secrets.template.yaml does not document")
        selector = deployment["spec"]["selector"]["matchLabels"]
        if any(pod["metadata"]["labels"].get(k) != v for k, v in selector.items()):
            problem(where, "selector does not match the pod labels")
        service = by_kind.get("Service", {}).get(name)
        if not service:
            problem(label, f"no Service {name}")
        elif service["spec"].get("selector") != selector or not any(
                p.get("port") == spec["port"] and ports.get(p.get("targetPort"), p.get("targetPort")) == spec["port"]
                for p in service["spec"].get("ports", [])):
            problem(f"{label} Service {name}", f"must select the pods and serve port {spec['port']}")
    if topics is not None:
        listed = {t["spec"].get("topicName", n) for n, t in by_kind.get("KafkaTopic", {}).items()}
        compare_topics(f"{label} KafkaTopic", listed, topics)
        for n, t in by_kind.get("KafkaTopic", {}).items():
            if (t["spec"].get("partitions") or 0) < 2:
                problem(f"{label} KafkaTopic {n}", "needs several partitions")
        if not by_kind.get("Kafka"):
            problem(label, "no Strimzi Kafka")
        clusters = by_kind.get("Cluster", {})
        databases = {d["spec"]["name"] for d in by_kind.get("Database", {}).values()}
        databases |= {c["spec"].get("bootstrap", {}).get("initdb", {}).get("database") for c in clusters.values()}
        wanted_dbs = {s["db"] for s in svc.values() if s["db"]}
        if not wanted_dbs <= databases:
            problem(label, f"CloudNativePG makes databases {sorted(d for d in databases if d)}, the services use "
                           f"{sorted(wanted_dbs)}")


# --- Grafana dashboard ---------------------------------------------------------------------------------------------

PROMQL_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
                   "offset"}


def promql_metric_names(expr):
    """The metric names of a PromQL expression: identifiers that are no function, keyword, label or variable."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    bare = re.sub(r"\{[^}]*\}", " ", bare)
    bare = re.sub(r"\[[^\]]*\]", " ", bare)
    bare = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", bare)
    bare = re.sub(r"\$\{?\w+\}?", " ", bare)
    names = set()
    for m in re.finditer(r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", bare):
        if m.group(2) is None and m.group(1) not in PROMQL_KEYWORDS:
            names.add(m.group(1))
    return names


def check_dashboard(root):
    """deploy/grafana/whatmoved.json: valid JSON, a Prometheus datasource variable, every panel with queries, and every
    metric they name listed in deploy/grafana/metrics.txt (which each service's PublicMetricsTest checks it exposes)."""
    where = "deploy/grafana/whatmoved.json"
    path = os.path.join(root, where)
    try:
        dashboard = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        problem(where, f"not valid JSON: {e}")
        return 0
    listed = set()
    for line in open(os.path.join(root, "deploy/grafana/metrics.txt"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line.split()[0])
    variables = (dashboard.get("templating") or {}).get("list") or []
    if not any(v.get("type") == "datasource" and v.get("query") == "prometheus" for v in variables):
        problem(where, "no datasource variable of type prometheus")
    queries = 0
    for panel in dashboard.get("panels") or []:
        if panel.get("type") == "row":
            continue
        title = panel.get("title", "?")
        targets = panel.get("targets") or []
        if not targets:
            problem(where, f"panel {title!r} has no targets")
        for target in targets:
            expr = target.get("expr") or ""
            names = promql_metric_names(expr)
            if not names:
                problem(where, f"panel {title!r}: a target without a metric: {expr!r}")
            for name in sorted(names - listed):
                problem(where, f"panel {title!r} queries {name}, which deploy/grafana/metrics.txt does not list")
            queries += 1
    if not queries:
        problem(where, "no panel queries anything")
    return queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--compose")
    parser.add_argument("--k8s-base")
    parser.add_argument("--k8s-overlay", action="append", default=[])
    parser.add_argument("--dockerfiles-only", action="store_true")
    parser.add_argument("--dashboard-only", action="store_true")
    args = parser.parse_args()
    if args.dashboard_only:
        check_dashboard(args.root)
        for p in PROBLEMS:
            print(f"deploy/validate: {p}", file=sys.stderr)
        return 1 if PROBLEMS else 0
    svc = services(args.root)
    queries = 0
    copies = check_dockerfiles(args.root, svc)
    if not args.dockerfiles_only:
        if not svc:
            problem(args.root, "found no service (services/*/src/main/resources/application.properties)")
        launcher_keys = launcher_env_keys(args.root)
        CONSOLE_REQUIRED.update(launcher_env_keys(args.root, "consoleEnv", required=False))
        topics = expected_topics(args.root)
        check_compose(args.compose, args.root, svc, launcher_keys, topics)
        check_k8s(args.k8s_base, "deploy/k8s/base", args.root, svc, launcher_keys)
        for overlay in args.k8s_overlay:
            label = os.path.basename(overlay).removesuffix(".yaml").replace("_", "/")
            check_k8s(overlay, label, args.root, svc, launcher_keys, topics)
        queries = check_dashboard(args.root)
    if PROBLEMS:
        for p in PROBLEMS:
            print(f"deploy/validate: {p}", file=sys.stderr)
        print(f"deploy/validate: {len(PROBLEMS)} problem(s)", file=sys.stderr)
        return 1
    print(f"deploy/validate: check.py: {len(svc)} services ({', '.join(svc)}), {copies} Dockerfile COPY sources "
          "present, compose and k8s agree with application.properties, the launcher's env and Topics.all(); the Grafana"
          f" dashboard's {queries} queries name only metrics of deploy/grafana/metrics.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
