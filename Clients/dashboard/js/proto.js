// Proto3 binary encoding, driven by the message schemas of schemas.js: just what the dashboard's messages need
// (varint, 64-bit, length-delimited and 32-bit wire types; scalar, enum, message, repeated and oneof fields).
//
// A schema is { name, fields: [{ no, name, type, repeated?, oneof?, optional?, message? }] } with `type` one of
// "int32", "int64", "uint32", "bool", "enum", "double", "string", "bytes", "message".
// Encoding follows docs/protocol.md §3: fields in increasing number order, default values omitted, except a set
// oneof member and a set `optional` field, which are always written. int64 values decode to a Number when they fit
// in one exactly and to a BigInt otherwise; the encoder takes a Number, a BigInt or a decimal string.

/** A body that is not a valid encoding of its message. */
export class ProtoError extends Error {
  constructor(message) {
    super(message);
    this.name = "ProtoError";
  }
}

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LEN = 2;
const WIRE_32 = 5;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

class Writer {
  constructor() {
    this.bytes = [];
  }

  varint(value) {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  tag(no, wire) {
    this.varint((no << 3) | wire);
  }

  raw(data) {
    for (const byte of data) this.bytes.push(byte);
  }

  lengthDelimited(data) {
    this.varint(data.length);
    this.raw(data);
  }

  double(value) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    this.raw(new Uint8Array(view.buffer));
  }

  finish() {
    return Uint8Array.from(this.bytes);
  }
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.offset = 0;
  }

  get done() {
    return this.offset >= this.bytes.length;
  }

  varint() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new ProtoError("truncated varint");
      const byte = this.bytes[this.offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
      if (shift >= 70n) throw new ProtoError("varint longer than 10 bytes");
    }
  }

  take(length) {
    if (length < 0 || this.offset + length > this.bytes.length) throw new ProtoError("truncated field");
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  lengthDelimited() {
    const length = this.varint();
    if (length > BigInt(this.bytes.length)) throw new ProtoError("truncated field");
    return this.take(Number(length));
  }

  skip(wire) {
    switch (wire) {
      case WIRE_VARINT: this.varint(); break;
      case WIRE_64: this.take(8); break;
      case WIRE_LEN: this.lengthDelimited(); break;
      case WIRE_32: this.take(4); break;
      default: throw new ProtoError(`bad wire type ${wire}`);
    }
  }
}

function wireType(field) {
  switch (field.type) {
    case "double": return WIRE_64;
    case "string": case "bytes": case "message": return WIRE_LEN;
    default: return WIRE_VARINT;
  }
}

function isDefault(field, value) {
  switch (field.type) {
    case "string": return value === "";
    case "bytes": return value.length === 0;
    case "bool": return value === false;
    case "message": return false;
    case "int64": return BigInt(value) === 0n;
    default: return value === 0;
  }
}

function encodeScalar(writer, field, value) {
  switch (field.type) {
    case "int32": case "enum": writer.varint(BigInt.asUintN(64, BigInt(value))); break;
    case "int64": writer.varint(BigInt.asUintN(64, BigInt(value))); break;
    case "uint32": writer.varint(BigInt(value >>> 0)); break;
    case "bool": writer.varint(value ? 1 : 0); break;
    case "double": writer.double(value); break;
    case "string": writer.lengthDelimited(utf8Encoder.encode(value)); break;
    case "bytes": writer.lengthDelimited(value); break;
    case "message": writer.lengthDelimited(encode(field.message(), value)); break;
    default: throw new ProtoError(`unknown field type ${field.type}`);
  }
}

/** Encodes `value` (a plain object keyed by field name) as the message `schema`. */
export function encode(schema, value) {
  const writer = new Writer();
  const fields = [...schema.fields].sort((a, b) => a.no - b.no);
  for (const field of fields) {
    const fieldValue = value?.[field.name];
    if (fieldValue === undefined || fieldValue === null) continue;
    if (field.repeated) {
      if (fieldValue.length === 0) continue;
      if (field.type !== "string" && field.type !== "bytes" && field.type !== "message") {
        // Packed, as proto3 writes repeated scalars.
        const packed = new Writer();
        for (const item of fieldValue) encodeScalar(packed, field, item);
        writer.tag(field.no, WIRE_LEN);
        writer.lengthDelimited(packed.finish());
      } else {
        for (const item of fieldValue) {
          writer.tag(field.no, wireType(field));
          encodeScalar(writer, field, item);
        }
      }
      continue;
    }
    if (!field.oneof && !field.optional && isDefault(field, fieldValue)) continue;
    writer.tag(field.no, wireType(field));
    encodeScalar(writer, field, fieldValue);
  }
  return writer.finish();
}

function int64Value(unsigned) {
  const signed = BigInt.asIntN(64, unsigned);
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : signed;
}

function decodeScalar(reader, field) {
  switch (field.type) {
    case "int32": case "enum": return Number(BigInt.asIntN(32, reader.varint()));
    case "int64": return int64Value(reader.varint());
    case "uint32": return Number(BigInt.asUintN(32, reader.varint()));
    case "bool": return reader.varint() !== 0n;
    case "double": {
      const bytes = reader.take(8);
      return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true);
    }
    case "string":
      try {
        return utf8Decoder.decode(reader.lengthDelimited());
      } catch (error) {
        if (error instanceof ProtoError) throw error;
        throw new ProtoError("invalid UTF-8 in a string");
      }
    case "bytes": return reader.lengthDelimited().slice();
    case "message": return decode(field.message(), reader.lengthDelimited());
    default: throw new ProtoError(`unknown field type ${field.type}`);
  }
}

function defaultValue(field) {
  if (field.repeated) return [];
  switch (field.type) {
    case "string": return "";
    case "bytes": return new Uint8Array(0);
    case "bool": return false;
    default: return 0;
  }
}

/**
 * Decodes `bytes` as the message `schema` into a plain object. Absent scalars hold their default; absent messages,
 * oneof members and `optional` fields are `undefined`. Unknown fields are skipped.
 */
export function decode(schema, bytes) {
  const result = {};
  for (const field of schema.fields) {
    if (field.type !== "message" && !field.oneof && !field.optional) result[field.name] = defaultValue(field);
    else if (field.repeated) result[field.name] = [];
  }
  const byNumber = schema.byNumber ?? (schema.byNumber = new Map(schema.fields.map((f) => [f.no, f])));
  const reader = new Reader(bytes);
  while (!reader.done) {
    const key = reader.varint();
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (no === 0) throw new ProtoError("field number 0");
    const field = byNumber.get(no);
    if (!field) {
      reader.skip(wire);
      continue;
    }
    if (field.repeated && wire === WIRE_LEN && wireType(field) !== WIRE_LEN) {
      const packed = new Reader(reader.lengthDelimited());
      while (!packed.done) result[field.name].push(decodeScalar(packed, field));
      continue;
    }
    if (wire !== wireType(field)) throw new ProtoError(`bad wire type ${wire} for field ${field.name}`);
    const value = decodeScalar(reader, field);
    if (field.repeated) {
      result[field.name].push(value);
      continue;
    }
    if (field.oneof) {
      for (const other of schema.fields) if (other.oneof === field.oneof) delete result[other.name];
    }
    result[field.name] = value;
  }
  return result;
}
