// Writes js/messages.js from the .proto files under Proto/polestage: every message (field numbers, names, types,
// repeated, optional, oneof), every enum (value names by number) and every method (path, request, response,
// streaming), for proto.js and client.js. No dependency: it reads the subset of proto3 that Proto/ uses.
//
//   node Clients/dashboard/scripts/generate-messages.mjs          # rewrites js/messages.js
//
// tests/messages.test.mjs generates it again in memory and fails when the committed file differs.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../../../Proto/", import.meta.url);
const scalars = new Set(["int32", "int64", "uint32", "bool", "double", "string", "bytes"]);

/** The .proto files under Proto/polestage, sorted. */
export function protoFiles() {
  const files = [];
  for (const area of readdirSync(new URL("polestage/", root)).sort()) {
    for (const file of readdirSync(new URL(`polestage/${area}/v1/`, root)).sort()) {
      if (file.endsWith(".proto")) files.push(`polestage/${area}/v1/${file}`);
    }
  }
  return files;
}

/** Every message, enum and service of `files`, by full name. */
export function parse(files) {
  const messages = new Map();
  const enums = new Map();
  const services = [];
  // FieldMask, imported by admin.proto, is Google's.
  messages.set("google.protobuf.FieldMask", { pkg: "google.protobuf", scope: [], fields: [{ no: 1, name: "paths", type: "string", repeated: true }] });
  for (const file of files) {
    const text = readFileSync(new URL(file, root), "utf8").replace(/\/\/.*$/gm, "");
    const pkg = text.match(/^package\s+([\w.]+);/m)[1];
    const stack = [];
    for (const line of text.split("\n")) {
      const open = line.match(/^\s*(message|enum|oneof|service)\s+(\w+)\s*\{/);
      if (open) {
        const [, kind, name] = open;
        const outer = stack.filter((entry) => entry.kind === "message").map((entry) => entry.name);
        const full = [pkg, ...outer, name].join(".");
        const entry = { kind, name, full, scope: [pkg, ...outer] };
        if (kind === "message") messages.set(full, { pkg, scope: [...outer, name], fields: [] });
        if (kind === "enum") enums.set(full, new Map());
        if (kind === "service") services.push({ full, methods: [] });
        stack.push(entry);
        if (line.includes("}")) stack.pop();
        continue;
      }
      if (/^\s*}/.test(line)) {
        stack.pop();
        continue;
      }
      const top = stack.at(-1);
      const rpc = line.match(/^\s*rpc\s+(\w+)\s*\(\s*(stream\s+)?([\w.]+)\s*\)\s*returns\s*\(\s*(stream\s+)?([\w.]+)\s*\)/);
      if (rpc && top?.kind === "service") {
        services.at(-1).methods.push({
          name: rpc[1],
          clientStreaming: Boolean(rpc[2]),
          request: { type: rpc[3], pkg },
          serverStreaming: Boolean(rpc[4]),
          response: { type: rpc[5], pkg },
        });
        continue;
      }
      const value = line.match(/^\s*(\w+)\s*=\s*(-?\d+)\s*;/);
      if (value && top?.kind === "enum") {
        enums.get(top.full).set(Number(value[2]), value[1]);
        continue;
      }
      const field = line.match(/^\s*(repeated\s+|optional\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/);
      const owner = [...stack].reverse().find((entry) => entry.kind !== "oneof");
      if (field && owner?.kind === "message") {
        messages.get(owner.full).fields.push({
          no: Number(field[4]),
          name: field[3],
          type: field[2],
          repeated: field[1]?.trim() === "repeated",
          optional: field[1]?.trim() === "optional",
          oneof: top.kind === "oneof" ? top.name : undefined,
        });
      }
    }
  }
  return { messages, enums, services };
}

/** The full name a type reference means from `scope` (package and enclosing messages), as protoc resolves it. */
function resolve(type, pkg, scope, known) {
  if (known.has(type)) return type;
  const parts = [...pkg.split("."), ...scope];
  for (let end = parts.length; end >= 0; end--) {
    const candidate = [...parts.slice(0, end), type].join(".");
    if (known.has(candidate)) return candidate;
  }
  throw new Error(`unknown type ${type} in ${[pkg, ...scope].join(".")}`);
}

/** The text of js/messages.js. */
export function generate(files = protoFiles()) {
  const { messages, enums, services } = parse(files);
  const known = new Set([...messages.keys(), ...enums.keys()]);
  const lines = [
    "// DO NOT EDIT: written by scripts/generate-messages.mjs from Proto/ (node Clients/dashboard/scripts/generate-messages.mjs).",
    "// Every message, enum and method of the .proto files, for proto.js and client.js.",
    "",
    "const f = (no, name, type, extra = {}) => ({ no, name, type, ...extra });",
    "",
    "/** Messages by full name: `{ name, fields }`, each field `{ no, name, type, repeated?, optional?, oneof?, message? }`. */",
    "export const messages = {};",
    "const m = (name) => () => messages[name];",
    "",
  ];
  for (const [full, message] of [...messages].sort(([a], [b]) => a.localeCompare(b))) {
    const fields = message.fields.map((field) => {
      const extra = [];
      if (field.repeated) extra.push("repeated: true");
      if (field.optional) extra.push("optional: true");
      if (field.oneof) extra.push(`oneof: ${JSON.stringify(field.oneof)}`);
      let type = field.type;
      if (!scalars.has(type)) {
        const target = resolve(type, message.pkg, message.scope, known);
        if (enums.has(target)) type = "enum";
        else {
          type = "message";
          extra.push(`message: m(${JSON.stringify(target)})`);
        }
      }
      const tail = extra.length ? `, { ${extra.join(", ")} }` : "";
      return `  f(${field.no}, ${JSON.stringify(field.name)}, ${JSON.stringify(type)}${tail}),`;
    });
    lines.push(`messages[${JSON.stringify(full)}] = { name: ${JSON.stringify(full)}, fields: [`, ...fields, "] };");
  }
  lines.push("", "/** Enums by full name: value names by number. */", "export const enums = {");
  for (const [full, values] of [...enums].sort(([a], [b]) => a.localeCompare(b))) {
    const entries = [...values].map(([number, name]) => `${number}: ${JSON.stringify(name)}`).join(", ");
    lines.push(`  ${JSON.stringify(full)}: Object.freeze({ ${entries} }),`);
  }
  lines.push("};", "", "/** Methods by `Service/Method` (the service's full name): `{ path, request, response, serverStreaming }`. */");
  lines.push("export const methods = {};");
  for (const service of services) {
    for (const method of service.methods) {
      const request = resolve(method.request.type, method.request.pkg, [], known);
      const response = resolve(method.response.type, method.response.pkg, [], known);
      lines.push(
        `methods[${JSON.stringify(`${service.full}/${method.name}`)}] = { path: ${JSON.stringify(`/${service.full}/${method.name}`)}, ` +
          `request: messages[${JSON.stringify(request)}], response: messages[${JSON.stringify(response)}], ` +
          `serverStreaming: ${method.serverStreaming} };`,
      );
    }
  }
  lines.push("");
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL("../js/messages.js", import.meta.url), generate());
}
