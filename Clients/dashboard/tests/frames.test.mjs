// The dashboard's frame codec against the golden vectors of docs/protocol.md §12.
// Run: node --test Clients/dashboard/tests/

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { decodeFrame, decodeMessage, encodeFrame, FrameError, FrameType } from "../js/frames.js";

const vectors = JSON.parse(
  readFileSync(new URL("../../../Tests/PoleStageWireTests/GoldenVectors/frames.json", import.meta.url), "utf8"),
);

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** The vector's JSON description of a frame (`vector.frame`, or a BATCH entry), in the codec's shape. */
function expectedFrame(description) {
  const { type, flags, stream_id: streamId, ...fields } = description;
  const frame = { type, flags, streamId };
  for (const [name, value] of Object.entries(fields)) {
    if (name === "frames") frame.frames = value.map(expectedFrame);
    else if (name === "body_hex") frame.body = fromHex(value);
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
  if (result.frames) result.frames = result.frames.map((entry, index) => comparable(entry, expected.frames[index] ?? {}));
  return result;
}

const byName = (name) => [...vectors.frames, ...vectors.invalid].find((vector) => vector.name === name);

test("the vectors file is the protocol's", () => {
  assert.equal(vectors.protocol, "polestage.grpc.v1");
  const types = new Set(vectors.frames.map((vector) => vector.frame.type));
  assert.deepEqual([...types].sort(), Object.keys(FrameType).sort(), "at least one vector per frame type");
});

for (const vector of vectors.frames) {
  test(`decodes ${vector.name}`, () => {
    const expected = expectedFrame(vector.frame);
    const frame = decodeFrame(fromHex(vector.hex));
    assert.deepEqual(comparable(frame, expected), expected);
  });

  test(`re-encodes ${vector.name} byte for byte`, () => {
    assert.equal(toHex(encodeFrame(decodeFrame(fromHex(vector.hex)))), vector.hex);
    assert.equal(toHex(encodeFrame(expectedFrame(vector.frame))), vector.hex);
  });

  test(`${vector.name} is the frames of its message, in order`, () => {
    const expected = expectedFrame(vector.frame);
    const entries = expected.type === "BATCH" ? expected.frames : [expected];
    const frames = [...decodeMessage(fromHex(vector.hex))];
    assert.deepEqual(frames.map((frame, index) => comparable(frame, entries[index] ?? {})), entries);
  });
}

const rejectedWith = (vector) => (error) =>
  error instanceof FrameError && error.closeCode === vector.close_code && error.reason === vector.reason;

for (const vector of vectors.invalid) {
  test(`rejects ${vector.name} with its reason`, () => {
    assert.throws(() => decodeFrame(fromHex(vector.hex)), rejectedWith(vector));
    assert.throws(() => [...decodeMessage(fromHex(vector.hex))], rejectedWith(vector));
  });
}

test("the entries of a BATCH before an invalid one are yielded first", () => {
  const frames = decodeMessage(fromHex(byName("batch_second_entry_invalid").hex));
  assert.deepEqual(frames.next().value, { type: "HALF_CLOSE", flags: 0, streamId: 1 });
  assert.throws(() => frames.next(), (error) => error.reason === "malformed HALF_CLOSE frame body");
});

test("a BATCH over the max_batch_size this side announced is refused, the limit itself is accepted", () => {
  const bytes = fromHex(byName("batch").hex);
  assert.equal(bytes.length, 59);
  assert.equal(decodeFrame(bytes, { maxBatchSize: 59 }).frames.length, 4);
  assert.equal([...decodeMessage(bytes, { maxBatchSize: 59 })].length, 4);
  const reason = "BATCH of 59 bytes exceeds max_batch_size 58";
  assert.throws(() => decodeFrame(bytes, { maxBatchSize: 58 }), (error) => error.reason === reason && error.closeCode === 1002);
  assert.throws(() => [...decodeMessage(bytes, { maxBatchSize: 58 })], (error) => error.reason === reason);
  // The limit comes before the body's checks.
  assert.throws(
    () => decodeFrame(fromHex(byName("batch_empty").hex), { maxBatchSize: 5 }),
    (error) => error.reason === "BATCH of 6 bytes exceeds max_batch_size 5",
  );
});

test("a side that announced max_batch_size 0 refuses every BATCH, after rules 1 to 4", () => {
  const reason = "BATCH frames are not accepted (max_batch_size is 0)";
  for (const name of ["batch", "batch_of_one", "batch_empty", "batch_nested"]) {
    assert.throws(
      () => [...decodeMessage(fromHex(byName(name).hex), { maxBatchSize: 0 })],
      (error) => error instanceof FrameError && error.closeCode === 1002 && error.reason === reason,
      name,
    );
  }
  assert.throws(
    () => decodeFrame(fromHex(byName("batch_on_stream").hex), { maxBatchSize: 0 }),
    (error) => error.reason === "BATCH frame on stream 1",
  );
  assert.deepEqual([...decodeMessage(fromHex(byName("half_close").hex), { maxBatchSize: 0 })], [
    { type: "HALF_CLOSE", flags: 0, streamId: 1 },
  ]);
});

test("a BATCH needs entries and cannot hold a BATCH", () => {
  assert.throws(() => encodeFrame({ type: "BATCH", streamId: 0, frames: [] }), /at least one entry/);
  const inner = { type: "BATCH", streamId: 0, frames: [{ type: "HALF_CLOSE", streamId: 1 }] };
  assert.throws(() => encodeFrame({ type: "BATCH", streamId: 0, frames: [inner] }), /cannot be nested/);
});

test("a frame type that does not exist cannot be encoded", () => {
  assert.throws(() => encodeFrame({ type: "PING", streamId: 1 }), /unknown frame type PING/);
});

test("a MESSAGE with END_STREAM keeps its flag, other types refuse it", () => {
  assert.equal(decodeFrame(fromHex("030100000003aa")).flags, 1);
  assert.throws(() => decodeFrame(fromHex("050100000003")), (error) => error.reason === "unknown flags 0x01 on TRAILERS frame");
});
