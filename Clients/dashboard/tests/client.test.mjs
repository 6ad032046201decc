// The client's read path against a scripted WebSocket: it announces max_batch_size in its SETTINGS, handles every
// frame of a BATCH in order, and closes with the protocol's reason on a BATCH it did not accept (docs/protocol.md
// §2 "Batches", §4).

import assert from "node:assert/strict";
import { test } from "node:test";

import { Connection, Status, SUBPROTOCOL } from "../js/client.js";
import { encodeFrame } from "../js/frames.js";
import { encode } from "../js/proto.js";
import { Methods, Presence } from "../js/schemas.js";

const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** Stands in for a browser WebSocket: `sent` holds what the client wrote, `closedWith` its close. */
class ScriptedSocket {
  constructor() {
    this.protocol = SUBPROTOCOL;
    this.sent = [];
    this.closedWith = null;
  }

  send(bytes) {
    this.sent.push(bytes);
  }

  close(code, reason) {
    this.closedWith ??= { code, reason };
  }
}

/** A connection over a ScriptedSocket that has received the server's SETTINGS (max_batch_size 65536). */
async function opened(options) {
  const socket = new ScriptedSocket();
  const connection = new Connection(socket, options);
  socket.onopen();
  const settings = { version: 1, max_message_size: 4194304, max_concurrent_streams: 128, initial_window_size: 262144 };
  connection.receive(encodeFrame({ type: "SETTINGS", streamId: 0, ...settings, max_batch_size: 65536 }).buffer);
  await connection.ready;
  return { socket, connection };
}

/** A BATCH message holding `entries` (frames, or the raw bytes of an entry), as an ArrayBuffer. */
function batch(entries) {
  const parts = entries.map((entry) => (entry instanceof Uint8Array ? entry : encodeFrame(entry)));
  const bytes = new Uint8Array(6 + parts.reduce((total, part) => total + 4 + part.length, 0));
  bytes[0] = 0x09;
  const view = new DataView(bytes.buffer);
  let offset = 6;
  for (const part of parts) {
    view.setUint32(offset, part.length);
    bytes.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return bytes.buffer;
}

const presence = (basin) => encode(Presence, { basin });

test("the client announces max_batch_size 65536 and handles each frame of a BATCH in order", async () => {
  const { socket, connection } = await opened();
  assert.equal(toHex(socket.sent[0]), "000000000000" + "0801108080800220808010" + "28808004");
  assert.equal(connection.serverSettings.max_batch_size, 65536);
  const one = connection.start(Methods.getPresence, {});
  const two = connection.start(Methods.getPresence, {});
  connection.receive(batch([
    { type: "MESSAGE", streamId: 1, body: presence("first") },
    { type: "MESSAGE", streamId: 2, body: presence("second") },
    { type: "TRAILERS", streamId: 1, code: 0 },
    { type: "TRAILERS", streamId: 2, code: 5, message: "not here" },
  ]));
  assert.equal((await one.next()).basin, "first");
  assert.equal(await one.next(), null);
  assert.equal((await two.next()).basin, "second");
  await assert.rejects(two.next(), (error) => error.code === Status.NOT_FOUND && error.details === "not here");
  assert.equal(connection.closed, null);
});

test("the entries before an invalid one are handled, then the connection closes with that entry's reason", async () => {
  const { socket, connection } = await opened();
  const call = connection.start(Methods.getPresence, {});
  connection.receive(batch([
    { type: "MESSAGE", streamId: 1, body: presence("kept") },
    Uint8Array.from([0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00]), // HALF_CLOSE with a body
    { type: "MESSAGE", streamId: 1, body: presence("never") },
  ]));
  assert.deepEqual(socket.closedWith, { code: 1002, reason: "malformed HALF_CLOSE frame body" });
  assert.equal((await call.next()).basin, "kept");
  await assert.rejects(call.next(), (error) => error.code === Status.UNAVAILABLE);
});

test("an entry that closes the connection stops the BATCH there", async () => {
  const { socket, connection } = await opened();
  const call = connection.start(Methods.getPresence, {});
  connection.receive(batch([
    { type: "SETTINGS", streamId: 0, version: 2 },
    { type: "MESSAGE", streamId: 1, body: presence("never") },
  ]));
  assert.deepEqual(socket.closedWith, { code: 1002, reason: "unsupported protocol version 2, this client speaks 1" });
  await assert.rejects(call.next(), (error) => error.code === Status.UNAVAILABLE);
});

for (const [maxBatchSize, announced, reason] of [
  [0, "", "BATCH frames are not accepted (max_batch_size is 0)"], // field 5 is not written
  [32, "2820", "BATCH of 33 bytes exceeds max_batch_size 32"],
]) {
  test(`a client that announced max_batch_size ${maxBatchSize} closes on a BATCH it did not accept`, async () => {
    const { socket, connection } = await opened({ maxBatchSize });
    assert.equal(toHex(socket.sent[0]), "000000000000" + "0801108080800220808010" + announced);
    const call = connection.start(Methods.getPresence, {});
    const message = batch([
      { type: "MESSAGE", streamId: 1, body: presence("first") },
      { type: "TRAILERS", streamId: 1, code: 0 },
    ]);
    assert.equal(message.byteLength, 33);
    connection.receive(message);
    assert.deepEqual(socket.closedWith, { code: 1002, reason });
    assert.deepEqual(connection.closed, { code: 1002, reason });
    await assert.rejects(call.next(), (error) => error.code === Status.UNAVAILABLE);
  });
}
