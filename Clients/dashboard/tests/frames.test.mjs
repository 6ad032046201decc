// The dashboard's frame codec against the golden vectors of docs/protocol.md §12.
// Run: node --test Clients/dashboard/tests/

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { decodeFrame, encodeFrame, FrameError } from "../js/frames.js";

const vectors = JSON.parse(
  readFileSync(new URL("../../../Tests/PoleStageWireTests/GoldenVectors/frames.json", import.meta.url), "utf8"),
);

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** The vector's JSON description of a frame, in the codec's shape. */
function expectedFrame(vector) {
  const { type, flags, stream_id: streamId, ...fields } = vector.frame;
  const frame = { type, flags, streamId };
  for (const [name, value] of Object.entries(fields)) {
    if (name === "body_hex") frame.body = fromHex(value);
    else if (name.endsWith("_hex")) frame[name.slice(0, -4)] = fromHex(value);
    else if (name === "metadata") {
      frame.metadata = value.map((entry) =>
        "binary_value_hex" in entry
          ? { key: entry.key, binary_value: fromHex(entry.binary_value_hex) }
          : { key: entry.key, ascii_value: entry.ascii_value },
      );
    } else frame[name] = value;
  }
  return frame;
}

/** The decoded frame reduced to the fields the vector describes (decoding also fills defaults). */
function comparable(frame, expected) {
  const result = {};
  for (const name of Object.keys(expected)) result[name] = frame[name];
  if (result.metadata) result.metadata = result.metadata.map((entry) => ({ ...entry }));
  return result;
}

test("the vectors file is the protocol's", () => {
  assert.equal(vectors.protocol, "polestage.grpc.v1");
  const types = new Set(vectors.frames.map((vector) => vector.frame.type));
  assert.equal(types.size, 9, "at least one vector per frame type");
});

for (const vector of vectors.frames) {
  test(`decodes ${vector.name}`, () => {
    const expected = expectedFrame(vector);
    const frame = decodeFrame(fromHex(vector.hex));
    assert.deepEqual(comparable(frame, expected), expected);
  });

  test(`re-encodes ${vector.name} byte for byte`, () => {
    assert.equal(toHex(encodeFrame(decodeFrame(fromHex(vector.hex)))), vector.hex);
    assert.equal(toHex(encodeFrame(expectedFrame(vector))), vector.hex);
  });
}

for (const vector of vectors.invalid) {
  test(`rejects ${vector.name} with its reason`, () => {
    assert.throws(
      () => decodeFrame(fromHex(vector.hex)),
      (error) => error instanceof FrameError && error.closeCode === vector.close_code && error.reason === vector.reason,
    );
  });
}

test("a frame type that does not exist cannot be encoded", () => {
  assert.throws(() => encodeFrame({ type: "PING", streamId: 1 }), /unknown frame type PING/);
});

test("a MESSAGE with END_STREAM keeps its flag, other types refuse it", () => {
  assert.equal(decodeFrame(fromHex("030100000003aa")).flags, 1);
  assert.throws(() => decodeFrame(fromHex("050100000003")), (error) => error.reason === "unknown flags 0x01 on TRAILERS frame");
});
