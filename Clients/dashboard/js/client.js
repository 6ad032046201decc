// A gRPC client over one WebSocket, as docs/protocol.md specifies it (subprotocol polestage.grpc.v1): SETTINGS
// first, one stream per call with increasing ids, the request inline in OPEN, deadlines as `grpc-timeout`, RESET
// when the caller gives up, and receive-side flow control (§7) for server streams. It accepts BATCH messages (§2,
// "Batches") up to the max_batch_size it announces, and handles their frames in order; it never sends one.

import { decodeMessage, DEFAULT_MAX_BATCH_SIZE, encodeFrame, END_STREAM, FrameError } from "./frames.js";
import { decode, encode } from "./proto.js";

export const SUBPROTOCOL = "polestage.grpc.v1";

/** gRPC status codes by number (docs/protocol.md §3). */
export const StatusName = Object.freeze([
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
  "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
]);
export const Status = Object.freeze(Object.fromEntries(StatusName.map((name, code) => [name, code])));

/** A call that ended with a status other than OK. */
export class RpcError extends Error {
  constructor(code, message) {
    super(`${StatusName[code] ?? "UNKNOWN"}: ${message}`);
    this.name = "RpcError";
    this.code = code;
    this.codeName = StatusName[code] ?? "UNKNOWN";
    this.details = message;
  }
}

// The server's settings until its SETTINGS arrive (§4); max_batch_size 0: it accepts no BATCH (the client sends none).
const DEFAULTS = { max_message_size: 4194304, max_concurrent_streams: 128, initial_window_size: 262144, max_batch_size: 0 };

/** `grpc-timeout` for a deadline in milliseconds: at most 7 digits, coarser units beyond (§3). */
export function grpcTimeout(milliseconds) {
  const ms = Math.max(1, Math.ceil(milliseconds));
  if (ms < 1e7) return `${ms}m`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 1e7) return `${seconds}S`;
  return `${Math.min(9999999, Math.ceil(seconds / 3600))}H`;
}

/** One call's receive side: messages waiting to be read, the window, and how the call ended. */
class Stream {
  constructor(connection, id, responseSchema) {
    this.connection = connection;
    this.id = id;
    this.responseSchema = responseSchema;
    this.queue = [];
    this.waiter = null;
    this.end = null; // { code, message } once TRAILERS, RESET or the connection's end arrived
    this.buffered = 0;
    this.unreported = 0;
  }

  /** A MESSAGE body (or an inline response) arrived. */
  receive(body, inline = false) {
    const window = this.connection.localSettings.initial_window_size;
    if (!inline) {
      const fits = (this.buffered + body.length <= window || this.buffered === 0)
        && (body.length <= window || (this.buffered === 0 && this.unreported === 0));
      if (!fits) {
        this.connection.reset(this.id, Status.INTERNAL, "The server overran the flow-control window.");
        this.finish(Status.INTERNAL, "The server overran the flow-control window.");
        return;
      }
      const limit = this.connection.localSettings.max_message_size;
      if (body.length > limit) {
        const message = `response message of ${body.length} bytes exceeds the limit of ${limit} bytes`;
        this.connection.reset(this.id, Status.RESOURCE_EXHAUSTED, message);
        this.finish(Status.RESOURCE_EXHAUSTED, message);
        return;
      }
    }
    let message;
    try {
      message = decode(this.responseSchema, body);
    } catch (error) {
      const reason = `the response message could not be parsed: ${error.message}`;
      this.connection.reset(this.id, Status.INTERNAL, reason);
      this.finish(Status.INTERNAL, reason);
      return;
    }
    this.buffered += inline ? 0 : body.length;
    this.queue.push({ message, size: inline ? 0 : body.length });
    this.wake();
  }

  finish(code, message) {
    if (this.end) return;
    this.end = { code, message };
    this.connection.streams.delete(this.id);
    this.wake();
  }

  wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** The next message, or `null` once the call ended OK; throws RpcError when it ended otherwise. */
  async next() {
    for (;;) {
      if (this.queue.length > 0) {
        const { message, size } = this.queue.shift();
        this.consumed(size);
        return message;
      }
      if (this.end) {
        if (this.end.code === Status.OK) return null;
        throw new RpcError(this.end.code, this.end.message);
      }
      await new Promise((resolve) => (this.waiter = resolve));
    }
  }

  /** Gives consumed bytes back to the server (§7), never once it finished sending. */
  consumed(size) {
    if (size === 0) return;
    this.buffered -= size;
    this.unreported += size;
    const window = this.connection.localSettings.initial_window_size;
    if (this.end || this.unreported === 0) return;
    if (this.unreported >= Math.floor(window / 2) || this.buffered === 0) {
      this.connection.send({ type: "WINDOW_UPDATE", streamId: this.id, increment: this.unreported });
      this.unreported = 0;
    }
  }

  /** The caller gave up: RESET unless the call already ended. */
  cancel(code = Status.CANCELLED, message = "The client cancelled the RPC.") {
    if (this.end) return;
    this.connection.reset(this.id, code, message);
    this.finish(code, message);
  }
}

/** One WebSocket to the server, carrying concurrent calls. */
export class Connection {
  /**
   * Opens the WebSocket and waits for the server's SETTINGS.
   * @param {string} url e.g. `ws://host:8080/grpc`
   * @param {{ timeoutMs?: number, WebSocketImpl?: typeof WebSocket, maxBatchSize?: number }} options
   *   `maxBatchSize`: announced in the client's SETTINGS, the largest BATCH message it accepts (0: none)
   */
  static open(url, { timeoutMs = 10000, WebSocketImpl = globalThis.WebSocket, maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = {}) {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocketImpl(url, SUBPROTOCOL);
      } catch (error) {
        reject(new RpcError(Status.UNAVAILABLE, `cannot open ${url}: ${error.message}`));
        return;
      }
      const connection = new Connection(socket, { maxBatchSize });
      const timer = setTimeout(() => {
        socket.close();
        reject(new RpcError(Status.UNAVAILABLE, `no answer from ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      connection.ready.then(
        () => {
          clearTimeout(timer);
          resolve(connection);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  constructor(socket, { maxBatchSize = DEFAULT_MAX_BATCH_SIZE } = {}) {
    this.socket = socket;
    socket.binaryType = "arraybuffer";
    this.streams = new Map();
    this.nextStreamId = 1;
    this.localSettings = {
      version: 1,
      max_message_size: DEFAULTS.max_message_size,
      initial_window_size: DEFAULTS.initial_window_size,
      max_batch_size: maxBatchSize, // 0 is not written: the server then never sends BATCH
    };
    this.serverSettings = { ...DEFAULTS };
    this.goAway = false;
    this.closed = null;
    this.closeListeners = [];
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    socket.onopen = () => {
      if (socket.protocol !== SUBPROTOCOL) {
        this.fail(1002, `the server did not accept the subprotocol ${SUBPROTOCOL}`);
        return;
      }
      this.send({ type: "SETTINGS", streamId: 0, ...this.localSettings });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closedBy(event.code, event.reason || "The WebSocket connection closed.");
    socket.onerror = () => {}; // a close event follows with the details the browser gives
  }

  /** Called with `{ code, reason }` once the connection is closed. */
  onClose(listener) {
    if (this.closed) listener(this.closed);
    else this.closeListeners.push(listener);
  }

  send(frame) {
    if (this.closed) return;
    this.socket.send(encodeFrame(frame));
  }

  reset(streamId, code, message) {
    this.send({ type: "RESET", streamId, code, message });
  }

  /** Closes with a protocol error; every call fails. */
  fail(code, reason) {
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.close();
    }
    this.closedBy(code, reason);
  }

  close() {
    if (this.closed) return;
    this.socket.close(1000, "client closing");
    this.closedBy(1000, "client closing");
  }

  closedBy(code, reason) {
    if (this.closed) return;
    this.closed = { code, reason };
    this.readyReject(new RpcError(Status.UNAVAILABLE, `connection closed (${code}) before SETTINGS: ${reason}`));
    for (const stream of [...this.streams.values()]) {
      stream.finish(Status.UNAVAILABLE, "The WebSocket connection closed.");
    }
    for (const listener of this.closeListeners.splice(0)) listener(this.closed);
  }

  receive(data) {
    if (typeof data === "string") {
      this.fail(1003, "text messages are not supported");
      return;
    }
    // One frame, or each entry of a BATCH in order: the entries before an invalid one are handled before it closes.
    const frames = decodeMessage(new Uint8Array(data), { maxBatchSize: this.localSettings.max_batch_size });
    while (!this.closed) {
      let next;
      try {
        next = frames.next();
      } catch (error) {
        if (error instanceof FrameError) this.fail(error.closeCode, error.reason);
        else this.fail(1011, String(error));
        return;
      }
      if (next.done) return;
      this.handle(next.value);
    }
  }

  /** One received frame (§4 to §7). */
  handle(frame) {
    const stream = this.streams.get(frame.streamId);
    switch (frame.type) {
      case "SETTINGS":
        if (frame.version !== 1) {
          this.fail(1002, `unsupported protocol version ${frame.version}, this client speaks 1`);
          return;
        }
        for (const key of Object.keys(DEFAULTS)) if (frame[key] > 0) this.serverSettings[key] = frame[key];
        this.readyResolve(this);
        return;
      case "OPEN":
      case "HALF_CLOSE":
        this.fail(1002, `${frame.type} frames are sent by clients only`);
        return;
      case "GOAWAY":
        this.goAway = true;
        return;
      case "HEADERS":
        return;
      case "MESSAGE":
        stream?.receive(frame.body);
        return;
      case "TRAILERS":
        if (!stream) return;
        if (frame.response_message !== undefined) stream.receive(frame.response_message, true);
        stream.finish(frame.code > 16 ? Status.UNKNOWN : frame.code, frame.message);
        return;
      case "RESET":
        stream?.finish(
          frame.code === 0 || frame.code > 16 ? Status.CANCELLED : frame.code,
          frame.message || "stream reset by peer",
        );
        return;
      case "WINDOW_UPDATE":
        return; // requests go inline in OPEN: there is nothing of ours waiting for credit
      default:
        return;
    }
  }

  /** Opens a stream carrying `request` inline; returns it. */
  start(method, request, { metadata = {}, timeoutMs } = {}) {
    if (this.closed) throw new RpcError(Status.UNAVAILABLE, "The WebSocket connection closed.");
    if (this.goAway) throw new RpcError(Status.UNAVAILABLE, "The server is shutting down: open a new connection.");
    const body = encode(method.request, request);
    if (body.length > this.serverSettings.max_message_size) {
      throw new RpcError(
        Status.RESOURCE_EXHAUSTED,
        `request message of ${body.length} bytes exceeds the server's limit of ${this.serverSettings.max_message_size} bytes`,
      );
    }
    const id = this.nextStreamId++;
    const stream = new Stream(this, id, method.response);
    this.streams.set(id, stream);
    const entries = Object.entries(metadata).map(([key, value]) =>
      value instanceof Uint8Array ? { key, binary_value: value } : { key, ascii_value: String(value) },
    );
    if (timeoutMs !== undefined) {
      entries.push({ key: "grpc-timeout", ascii_value: grpcTimeout(timeoutMs) });
      stream.timer = setTimeout(() => stream.cancel(Status.DEADLINE_EXCEEDED, "The RPC's deadline passed."), timeoutMs);
    }
    this.send({ type: "OPEN", streamId: id, method: method.path, metadata: entries, request_message: body });
    return stream;
  }

  /** A unary call: resolves with the response, rejects with RpcError. */
  async unary(method, request, options = {}) {
    const stream = this.start(method, request, options);
    try {
      const response = await stream.next();
      const trailing = await stream.next();
      if (response === null || trailing !== null) {
        throw new RpcError(Status.INTERNAL, "a unary call must return exactly one message");
      }
      return response;
    } finally {
      clearTimeout(stream.timer);
      stream.cancel();
    }
  }

  /**
   * A server-streaming call, as an async iterable of responses. Leaving the `for await` loop early (break, throw)
   * or calling `cancel()` resets the stream.
   */
  serverStream(method, request, options = {}) {
    const stream = this.start(method, request, options);
    return {
      stream,
      cancel: () => stream.cancel(),
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const message = await stream.next();
            return message === null ? { done: true, value: undefined } : { done: false, value: message };
          } catch (error) {
            clearTimeout(stream.timer);
            throw error;
          }
        },
        return: async () => {
          clearTimeout(stream.timer);
          stream.cancel();
          return { done: true, value: undefined };
        },
      }),
    };
  }
}
