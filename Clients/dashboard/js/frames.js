// The frame codec of docs/protocol.md §2–3: one frame per binary WebSocket message, a 6-byte header
// (type, flags, stream id big-endian) and a body. Decoding checks the rules of §2 in order and throws a
// FrameError carrying the close code and the exact reason the protocol gives. A BATCH message carries several
// frames, each preceded by its length (§2, "Batches"): `decodeMessage` yields the frames of one message in order.

import { decode, encode, ProtoError } from "./proto.js";
import { GoAway, OpenStream, Reset, ResponseHeaders, Settings, Trailers } from "./schemas.js";

export const FrameType = Object.freeze({
  SETTINGS: 0x00,
  OPEN: 0x01,
  HEADERS: 0x02,
  MESSAGE: 0x03,
  HALF_CLOSE: 0x04,
  TRAILERS: 0x05,
  RESET: 0x06,
  WINDOW_UPDATE: 0x07,
  GOAWAY: 0x08,
  BATCH: 0x09,
  // Server to client, on request only (§7, "Credit requests"): this client does not announce them, so it never
  // receives one, but decodes it.
  CREDIT_REQUEST: 0x0a,
});

export const END_STREAM = 0x01;
export const HEADER_SIZE = 6;
/** The max_batch_size the Swift peers announce, and this client's (§2, "Batches"). */
export const DEFAULT_MAX_BATCH_SIZE = 65536;

const typeNames = Object.fromEntries(Object.entries(FrameType).map(([name, code]) => [code, name]));
const bodySchemas = {
  SETTINGS: Settings,
  OPEN: OpenStream,
  HEADERS: ResponseHeaders,
  TRAILERS: Trailers,
  RESET: Reset,
  GOAWAY: GoAway,
};

/** A message that is not a valid frame: the connection closes with `closeCode` and `reason`. */
export class FrameError extends Error {
  constructor(reason, closeCode = 1002) {
    super(reason);
    this.name = "FrameError";
    this.reason = reason;
    this.closeCode = closeCode;
  }
}

const hex2 = (n) => n.toString(16).toUpperCase().padStart(2, "0");

/**
 * Decodes one WebSocket message into `{ type, flags, streamId, ... }`: the body's fields for protobuf bodies,
 * `body` (a Uint8Array) for MESSAGE, `increment` for WINDOW_UPDATE, `frames` (its entries, in order) for BATCH.
 * `maxBatchSize` is the max_batch_size this side announced (0: a BATCH is refused).
 */
export function decodeFrame(bytes, { maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = {}) {
  const frame = decodeHeader(bytes);
  if (frame.type === "BATCH") {
    frame.frames = [...batchEntries(bytes, maxBatchSize)];
    return frame;
  }
  return decodeBody(frame, bytes);
}

/**
 * The frames of one WebSocket message, in order: the frame itself, or each entry of a BATCH. A generator: an
 * invalid entry throws its FrameError only once the entries before it were yielded, so that the receiver has
 * handled them when it closes (§2, "Batches").
 */
export function* decodeMessage(bytes, { maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = {}) {
  const frame = decodeHeader(bytes);
  if (frame.type === "BATCH") yield* batchEntries(bytes, maxBatchSize);
  else yield decodeBody(frame, bytes);
}

/** The entries of a BATCH whose header passed rules 1 to 4, with the checks of §2 "Batches" in their order. */
function* batchEntries(bytes, maxBatchSize) {
  if (maxBatchSize === 0) throw new FrameError("BATCH frames are not accepted (max_batch_size is 0)");
  if (bytes.length > maxBatchSize) {
    throw new FrameError(`BATCH of ${bytes.length} bytes exceeds max_batch_size ${maxBatchSize}`);
  }
  if (bytes.length === HEADER_SIZE) throw new FrameError("BATCH frame with no entries");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let offset = HEADER_SIZE;
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) throw new FrameError("truncated BATCH entry");
    const length = view.getUint32(offset);
    offset += 4;
    if (length > bytes.length - offset) throw new FrameError("truncated BATCH entry");
    const entry = bytes.subarray(offset, offset + length);
    offset += length;
    if (length > 0 && entry[0] === FrameType.BATCH) throw new FrameError("BATCH frames cannot be nested");
    yield decodeBody(decodeHeader(entry), entry);
  }
}

/** Rules 1 to 4 of §2: `{ type, flags, streamId }`. */
function decodeHeader(bytes) {
  if (bytes.length < HEADER_SIZE) {
    throw new FrameError(`truncated frame: ${bytes.length} bytes, the header alone is ${HEADER_SIZE}`);
  }
  const typeCode = bytes[0];
  const type = typeNames[typeCode];
  if (type === undefined) throw new FrameError(`unknown frame type 0x${hex2(typeCode)}`);
  const flags = bytes[1];
  if (flags !== 0 && !(type === "MESSAGE" && flags === END_STREAM)) {
    throw new FrameError(`unknown flags 0x${hex2(flags)} on ${type} frame`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const streamId = view.getUint32(2);
  const connectionLevel = type === "SETTINGS" || type === "GOAWAY" || type === "BATCH";
  if (connectionLevel !== (streamId === 0)) throw new FrameError(`${type} frame on stream ${streamId}`);
  return { type, flags, streamId };
}

/** Rule 5 of §2 for a frame other than BATCH: its body, added to `frame`. */
function decodeBody(frame, bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const body = bytes.subarray(HEADER_SIZE);
  const { type } = frame;
  switch (type) {
    case "MESSAGE":
      frame.body = body;
      return frame;
    case "HALF_CLOSE":
    case "CREDIT_REQUEST":
      if (body.length !== 0) throw new FrameError(`malformed ${type} frame body`);
      return frame;
    case "WINDOW_UPDATE": {
      const increment = body.length === 4 ? view.getUint32(HEADER_SIZE) : 0;
      if (increment === 0) throw new FrameError("malformed WINDOW_UPDATE frame body");
      frame.increment = increment;
      return frame;
    }
    default:
      try {
        return Object.assign(frame, decode(bodySchemas[type], body));
      } catch (error) {
        if (error instanceof ProtoError) throw new FrameError(`malformed ${type} frame body`);
        throw error;
      }
  }
}

/** Encodes a frame (the shape `decodeFrame` returns) into one WebSocket message; a BATCH from its `frames`. */
export function encodeFrame(frame) {
  const typeCode = FrameType[frame.type];
  if (typeCode === undefined) throw new Error(`unknown frame type ${frame.type}`);
  let body;
  switch (frame.type) {
    case "MESSAGE":
      body = frame.body ?? new Uint8Array(0);
      break;
    case "HALF_CLOSE":
    case "CREDIT_REQUEST":
      body = new Uint8Array(0);
      break;
    case "WINDOW_UPDATE":
      body = new Uint8Array(4);
      new DataView(body.buffer).setUint32(0, frame.increment);
      break;
    case "BATCH": {
      // Each entry: its length (u32, big-endian), then the entry frame's bytes.
      const entries = (frame.frames ?? []).map((entry) => {
        if (entry.type === "BATCH") throw new Error("BATCH frames cannot be nested");
        return encodeFrame(entry);
      });
      if (entries.length === 0) throw new Error("a BATCH needs at least one entry");
      body = new Uint8Array(entries.reduce((total, entry) => total + 4 + entry.length, 0));
      const view = new DataView(body.buffer);
      let offset = 0;
      for (const entry of entries) {
        view.setUint32(offset, entry.length);
        body.set(entry, offset + 4);
        offset += 4 + entry.length;
      }
      break;
    }
    default:
      body = encode(bodySchemas[frame.type], frame);
  }
  const bytes = new Uint8Array(HEADER_SIZE + body.length);
  bytes[0] = typeCode;
  bytes[1] = frame.flags ?? 0;
  new DataView(bytes.buffer).setUint32(2, frame.streamId ?? 0);
  bytes.set(body, HEADER_SIZE);
  return bytes;
}
