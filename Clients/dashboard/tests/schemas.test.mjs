// schemas.js is transcribed by hand from Proto/: every message it declares must match its .proto definition,
// field by field (number, name, type, repeated), so that a change in Proto/ fails here until it is carried over.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as schemas from "../js/schemas.js";
import { decode, encode } from "../js/proto.js";

const protoFiles = ["wire/v1/envelope.proto", "common/v1/types.proto", "offers/v1/offers.proto"];

/** `{ "package.Message": Map(no → {name, type, repeated}) }` and the set of enum names, from the .proto files. */
function parseProtos() {
  const messages = {};
  const enums = new Set();
  for (const file of protoFiles) {
    const text = readFileSync(new URL(`../../../Proto/polestage/${file}`, import.meta.url), "utf8")
      .replace(/\/\/.*$/gm, "");
    const pkg = text.match(/^package\s+([\w.]+);/m)[1];
    const stack = [];
    for (const line of text.split("\n")) {
      const open = line.match(/^\s*(message|enum|oneof)\s+(\w+)\s*\{/);
      if (open) {
        const [, kind, name] = open;
        if (kind === "oneof") stack.push({ kind, name });
        else {
          const outer = stack.filter((entry) => entry.kind === "message").map((entry) => entry.name);
          const full = [pkg, ...outer, name].join(".");
          if (kind === "enum") enums.add(name);
          else messages[full] = new Map();
          stack.push({ kind, name, full });
        }
        if (line.includes("}")) stack.pop();
        continue;
      }
      if (/^\s*}/.test(line)) {
        stack.pop();
        continue;
      }
      const field = line.match(/^\s*(repeated\s+|optional\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/);
      const owner = [...stack].reverse().find((entry) => entry.kind !== "oneof");
      if (field && owner?.kind === "message") {
        messages[owner.full].set(Number(field[4]), {
          name: field[3],
          type: field[2],
          repeated: field[1]?.trim() === "repeated",
          optional: field[1]?.trim() === "optional",
          oneof: stack.at(-1)?.kind === "oneof",
        });
      }
    }
  }
  return { messages, enums };
}

const scalarTypes = new Set(["int32", "int64", "uint32", "bool", "double", "string", "bytes"]);

test("every message of schemas.js matches Proto/", () => {
  const { messages, enums } = parseProtos();
  const declared = Object.values(schemas).filter((value) => value?.fields && value?.name);
  assert.ok(declared.length >= 25, `only ${declared.length} schemas found`);
  for (const schema of declared) {
    const proto = messages[schema.name];
    assert.ok(proto, `${schema.name} is not in Proto/`);
    assert.deepEqual(
      schema.fields.map((field) => field.no).sort((a, b) => a - b),
      [...proto.keys()].sort((a, b) => a - b),
      `${schema.name}: field numbers`,
    );
    for (const field of schema.fields) {
      const expected = proto.get(field.no);
      assert.equal(field.name, expected.name, `${schema.name}.${field.no}: name`);
      assert.equal(Boolean(field.repeated), expected.repeated, `${schema.name}.${field.name}: repeated`);
      assert.equal(Boolean(field.optional), expected.optional, `${schema.name}.${field.name}: optional`);
      assert.equal(Boolean(field.oneof), expected.oneof, `${schema.name}.${field.name}: oneof`);
      const base = expected.type.split(".").at(-1);
      if (scalarTypes.has(expected.type)) assert.equal(field.type, expected.type, `${schema.name}.${field.name}`);
      else if (enums.has(base)) assert.equal(field.type, "enum", `${schema.name}.${field.name}: enum`);
      else {
        assert.equal(field.type, "message", `${schema.name}.${field.name}: message`);
        assert.equal(field.message().name.split(".").at(-1), base, `${schema.name}.${field.name}: message type`);
      }
    }
  }
});

test("int64 values beyond 2^53 survive a round trip as BigInt", () => {
  const position = { epoch: 9007199254740993n, offset: 42 };
  const decoded = decode(schemas.StreamPosition, encode(schemas.StreamPosition, position));
  assert.equal(decoded.epoch, 9007199254740993n);
  assert.equal(decoded.offset, 42);
});

test("negative int32 and enum values use ten bytes and come back", () => {
  const week = decode(schemas.IsoWeek, encode(schemas.IsoWeek, { year: -1, week: 3 }));
  assert.deepEqual(week, { year: -1, week: 3 });
});

test("packed and unpacked repeated enums both decode", () => {
  const packed = encode(schemas.OfferFilter, { levels: [4, 5] });
  assert.deepEqual(decode(schemas.OfferFilter, packed).levels, [4, 5]);
  const unpacked = Uint8Array.from([0x10, 0x04, 0x10, 0x05]);
  assert.deepEqual(decode(schemas.OfferFilter, unpacked).levels, [4, 5]);
});

test("a oneof keeps only its last member, and unknown fields are skipped", () => {
  const bytes = Uint8Array.from([
    0x2a, 0x00, // live {}
    0x32, 0x00, // heartbeat {}
    0xf8, 0x01, 0x07, // field 31, varint 7: unknown
  ]);
  const event = decode(schemas.OfferEvent, bytes);
  assert.deepEqual(event.heartbeat, {});
  assert.equal(event.live, undefined);
});

test("a truncated body or a bad wire type is refused", () => {
  assert.throws(() => decode(schemas.StreamPosition, Uint8Array.from([0x08, 0x80])), /truncated varint/);
  assert.throws(() => decode(schemas.StreamPosition, Uint8Array.from([0x0a, 0x00])), /bad wire type 2/);
  assert.throws(() => decode(schemas.Address, Uint8Array.from([0x0a, 0x01, 0xff])), /invalid UTF-8/);
});
