// Validates rendered manifests offline: every object against the Kubernetes
// OpenAPI schemas (npm kubernetes-models, compiled validators), then the
// rules this project holds its workloads to (restricted Pod Security, gRPC
// probes, resources, grace period above the 10 s gRPC drain).
//
//   node deploy/k8s/validate.mjs NAME=rendered.yaml...
//
// Modules resolve from NODE_PATH (deploy/verify points it at
// BUILD_DIR/tools/node_modules). Exits 1 on the first file with problems,
// after printing all of them.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.NODE_PATH;
if (!modules) throw new Error("NODE_PATH must point at the tools' node_modules");
const require = createRequire(path.join(modules, "noop.js"));
const yaml = require("js-yaml");
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));

async function modelFor(apiVersion, kind) {
  // "apps/v1" -> apps/v1/Deployment.js, "v1" -> v1/Service.js
  const file = path.join(modelsRoot, apiVersion, `${kind}.js`);
  const mod = await import(pathToFileURL(file).href);
  return mod[kind];
}

const GRPC_GRACE_SECONDS = 10;

function policy(obj) {
  const problems = [];
  const workload = ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(obj.kind);
  if (!workload) return problems;
  const pod = obj.spec.template.spec;
  const psc = pod.securityContext ?? {};
  if (psc.runAsNonRoot !== true) problems.push("pod securityContext.runAsNonRoot is not true");
  if (psc.seccompProfile?.type !== "RuntimeDefault") problems.push("pod seccompProfile is not RuntimeDefault");
  if ((pod.terminationGracePeriodSeconds ?? 30) <= GRPC_GRACE_SECONDS)
    problems.push(`terminationGracePeriodSeconds is not above the ${GRPC_GRACE_SECONDS} s gRPC grace`);
  if (pod.automountServiceAccountToken !== false) problems.push("service account token is mounted");
  const tmp = (pod.volumes ?? []).find((v) => v.emptyDir);
  for (const c of pod.containers) {
    const where = `container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities do not drop ALL`);
    if (sc.privileged) problems.push(`${where}: privileged`);
    for (const k of ["requests", "limits"])
      for (const r of ["cpu", "memory"])
        if (!c.resources?.[k]?.[r]) problems.push(`${where}: no resources.${k}.${r}`);
    for (const probe of ["livenessProbe", "readinessProbe"])
      if (!c[probe]?.grpc) problems.push(`${where}: ${probe} is not a gRPC probe`);
    const mounts = c.volumeMounts ?? [];
    if (!mounts.some((m) => m.mountPath === "/tmp" && tmp && m.name === tmp.name))
      problems.push(`${where}: no emptyDir on /tmp`);
  }
  if (obj.kind === "StatefulSet" && !(obj.spec.volumeClaimTemplates ?? []).length)
    problems.push("StatefulSet without volumeClaimTemplates");
  const ann = obj.spec.template.metadata?.annotations ?? {};
  if (ann["prometheus.io/scrape"] !== "true" || !ann["prometheus.io/port"])
    problems.push("no prometheus.io scrape annotations");
  return problems;
}

let failed = false;
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.includes("=") ? arg.split("=", 2) : [arg, arg];
  const docs = yaml.loadAll(readFileSync(file, "utf8")).filter(Boolean);
  const kinds = {};
  const problems = [];
  for (const obj of docs) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
    kinds[obj.kind] = (kinds[obj.kind] ?? 0) + 1;
    let Model;
    try {
      Model = await modelFor(obj.apiVersion, obj.kind);
    } catch {
      problems.push(`${id}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      problems.push(`${id}: ${e.message}`);
    }
    for (const p of policy(obj)) problems.push(`${id}: ${p}`);
  }
  const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
  if (problems.length) {
    failed = true;
    console.log(`validate: ${name}: ${problems.length} problem(s) in ${docs.length} objects`);
    for (const p of problems) console.log(`  ${p}`);
  } else {
    console.log(`validate: ${name}: ${docs.length} objects valid (${summary})`);
  }
}
process.exit(failed ? 1 : 0);
