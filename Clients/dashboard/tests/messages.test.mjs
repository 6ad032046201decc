// js/messages.js is generated from Proto/: it must be what the generator writes now, and agree with the hand-written
// schemas.js wherever both declare a message.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { enums, messages, methods } from "../js/messages.js";
import { decode, encode } from "../js/proto.js";
import * as schemas from "../js/schemas.js";
import { generate } from "../scripts/generate-messages.mjs";

test("js/messages.js is up to date with Proto/ (else: node Clients/dashboard/scripts/generate-messages.mjs)", () => {
  const committed = readFileSync(new URL("../js/messages.js", import.meta.url), "utf8");
  assert.equal(committed, generate());
});

test("every service method is there, with its messages", () => {
  const apply = methods["polestage.placements.v1.ApplicationService/Apply"];
  assert.equal(apply.path, "/polestage.placements.v1.ApplicationService/Apply");
  assert.equal(apply.request.name, "polestage.placements.v1.ApplyRequest");
  assert.equal(methods["polestage.practice.v1.PracticeService/WatchResources"].serverStreaming, true);
  for (const method of Object.values(methods)) {
    assert.ok(method.request?.fields && method.response?.fields, method.path);
  }
  assert.equal(enums["polestage.common.v1.Level"][4], "LEVEL_CAP");
});

test("the hand-written schemas agree with the generated messages", () => {
  for (const schema of Object.values(schemas).filter((value) => value?.fields && value?.name)) {
    const generated = messages[schema.name];
    assert.ok(generated, schema.name);
    const shape = (fields) => fields.map(({ no, name, type, repeated, optional, oneof }) =>
      [no, name, type, Boolean(repeated), Boolean(optional), Boolean(oneof)].join(" "));
    assert.deepEqual(shape(schema.fields), shape(generated.fields), schema.name);
  }
});

test("a generated message round-trips through proto.js", () => {
  const schema = messages["polestage.practice.v1.SaveResourceRequest"];
  const value = { scope: 1, resource_id: 7, details: { title: "Guide", kind: 1, audience: 2, tags: ["pfmp", "3e"] } };
  const decoded = decode(schema, encode(schema, value));
  assert.equal(decoded.details.title, "Guide");
  assert.deepEqual(decoded.details.tags, ["pfmp", "3e"]);
  assert.equal(decoded.resource_id, 7);
});
