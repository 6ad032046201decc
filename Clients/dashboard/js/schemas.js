// The messages the dashboard exchanges, transcribed from Proto/: field numbers and types must match the .proto
// files (tests/schemas.test.mjs checks them against Proto/ field by field).

const f = (no, name, type, extra = {}) => ({ no, name, type, ...extra });
const msg = (name, fields) => ({ name, fields });

// polestage.wire.v1 (Proto/polestage/wire/v1/envelope.proto)
export const MetadataEntry = msg("polestage.wire.v1.MetadataEntry", [
  f(1, "key", "string"),
  f(2, "ascii_value", "string", { oneof: "value" }),
  f(3, "binary_value", "bytes", { oneof: "value" }),
]);
export const OpenStream = msg("polestage.wire.v1.OpenStream", [
  f(1, "method", "string"),
  f(2, "metadata", "message", { repeated: true, message: () => MetadataEntry }),
  f(3, "request_message", "bytes", { optional: true }),
]);
export const ResponseHeaders = msg("polestage.wire.v1.ResponseHeaders", [
  f(1, "metadata", "message", { repeated: true, message: () => MetadataEntry }),
]);
export const Trailers = msg("polestage.wire.v1.Trailers", [
  f(1, "code", "uint32"),
  f(2, "message", "string"),
  f(3, "metadata", "message", { repeated: true, message: () => MetadataEntry }),
  f(4, "response_message", "bytes", { optional: true }),
]);
export const Reset = msg("polestage.wire.v1.Reset", [f(1, "code", "uint32"), f(2, "message", "string")]);
export const Settings = msg("polestage.wire.v1.Settings", [
  f(1, "version", "uint32"),
  f(2, "max_message_size", "uint32"),
  f(3, "max_concurrent_streams", "uint32"),
  f(4, "initial_window_size", "uint32"),
  f(5, "max_batch_size", "uint32"),
  f(6, "credit_requests", "bool"),
]);
export const GoAway = msg("polestage.wire.v1.GoAway", [
  f(1, "last_stream_id", "uint32"),
  f(2, "code", "uint32"),
  f(3, "message", "string"),
]);

// polestage.common.v1 (Proto/polestage/common/v1/types.proto)
export const IsoWeek = msg("polestage.common.v1.IsoWeek", [f(1, "year", "int32"), f(2, "week", "int32")]);
export const GeoPoint = msg("polestage.common.v1.GeoPoint", [f(1, "latitude", "double"), f(2, "longitude", "double")]);
export const Address = msg("polestage.common.v1.Address", [
  f(1, "street", "string"),
  f(2, "postal_code", "string"),
  f(3, "commune", "string"),
]);

/** polestage.common.v1.Level, by number. */
export const Level = Object.freeze({
  1: "3e observation",
  2: "3e prépa-métiers",
  3: "SEGPA",
  4: "CAP",
  5: "Bac pro",
  6: "BTS",
});

// polestage.offers.v1 (Proto/polestage/offers/v1/offers.proto)
export const PeriodSeats = msg("polestage.offers.v1.PeriodSeats", [
  f(1, "week", "message", { message: () => IsoWeek }),
  f(2, "seats", "int32"),
]);
export const Period = msg("polestage.offers.v1.Period", [
  f(1, "week", "message", { message: () => IsoWeek }),
  f(2, "seats", "int32"),
  f(3, "seats_taken", "int32"),
  f(4, "seats_free", "int32"),
  f(5, "seats_held_for_priority", "int32"),
  f(6, "held_until_unix_ms", "int64"),
]);
export const OfferDetails = msg("polestage.offers.v1.OfferDetails", [
  f(1, "trade_code", "string"),
  f(2, "title", "string"),
  f(3, "description", "string"),
  f(4, "levels", "enum", { repeated: true }),
  f(5, "periods", "message", { repeated: true, message: () => PeriodSeats }),
  f(6, "address", "message", { message: () => Address }),
  f(7, "location", "message", { message: () => GeoPoint }),
  f(8, "accessible", "bool"),
  f(9, "transit_access", "string"),
  f(10, "reserved_for_school", "string"),
  f(11, "accessibility", "message", { message: () => Accessibility }),
  f(12, "transit", "message", { message: () => TransitStop }),
  f(13, "lunch_provided", "bool"),
  f(14, "lodging_provided", "bool"),
]);
export const TransitStop = msg("polestage.offers.v1.TransitStop", [
  f(1, "stop", "string"),
  f(2, "lines", "string", { repeated: true }),
  f(3, "walk_minutes", "int32"),
]);
export const Accessibility = msg("polestage.offers.v1.Accessibility", [
  f(1, "step_free", "bool"),
  f(2, "adapted_tasks", "bool"),
  f(3, "trained_tutor", "bool"),
]);
export const Offer = msg("polestage.offers.v1.Offer", [
  f(1, "id", "int64"),
  f(2, "company_siret", "string"),
  f(3, "company_name", "string"),
  f(4, "trade_label", "string"),
  f(5, "details", "message", { message: () => OfferDetails }),
  f(6, "periods", "message", { repeated: true, message: () => Period }),
  f(7, "external_ref", "string"),
  f(8, "status", "enum"),
  f(9, "version", "int64"),
  f(10, "updated_at_unix_ms", "int64"),
  f(11, "distance_km", "double"),
  f(12, "priority_until_unix_ms", "int64"),
  f(13, "reachable", "bool"),
]);
export const StreamPosition = msg("polestage.offers.v1.StreamPosition", [
  f(1, "epoch", "int64"),
  f(2, "offset", "int64"),
]);
export const OfferFilter = msg("polestage.offers.v1.OfferFilter", [
  f(1, "trade_codes", "string", { repeated: true }),
  f(2, "levels", "enum", { repeated: true }),
  f(3, "from_week", "message", { message: () => IsoWeek }),
  f(4, "to_week", "message", { message: () => IsoWeek }),
  f(5, "near", "message", { message: () => GeoPoint }),
  f(6, "radius_km", "double"),
  f(7, "accessible_only", "bool"),
  f(8, "free_seats_only", "bool"),
  f(9, "pupil_id", "int64"),
  f(10, "reachable_only", "bool"),
]);
export const SubscribeRequest = msg("polestage.offers.v1.SubscribeRequest", [
  f(1, "filter", "message", { message: () => OfferFilter }),
  f(2, "resume_from", "message", { message: () => StreamPosition }),
  f(3, "snapshot", "bool"),
]);
export const OfferChange = msg("polestage.offers.v1.OfferChange", [
  f(1, "kind", "enum"),
  f(2, "offer", "message", { message: () => Offer }),
  f(3, "week", "message", { message: () => IsoWeek }),
  f(4, "at_unix_ms", "int64"),
]);
export const StreamReset = msg("polestage.offers.v1.StreamReset", [f(1, "reason", "enum"), f(2, "message", "string")]);
export const Snapshot = msg("polestage.offers.v1.Snapshot", [
  f(1, "offers", "message", { repeated: true, message: () => Offer }),
  f(2, "last", "bool"),
]);
export const Live = msg("polestage.offers.v1.Live", [f(1, "origin", "message", { message: () => GeoPoint })]);
export const Heartbeat = msg("polestage.offers.v1.Heartbeat", []);
export const OfferEvent = msg("polestage.offers.v1.OfferEvent", [
  f(1, "position", "message", { message: () => StreamPosition }),
  f(2, "change", "message", { oneof: "event", message: () => OfferChange }),
  f(3, "reset", "message", { oneof: "event", message: () => StreamReset }),
  f(4, "snapshot", "message", { oneof: "event", message: () => Snapshot }),
  f(5, "live", "message", { oneof: "event", message: () => Live }),
  f(6, "heartbeat", "message", { oneof: "event", message: () => Heartbeat }),
]);
export const GetPresenceRequest = msg("polestage.offers.v1.GetPresenceRequest", []);
export const Presence = msg("polestage.offers.v1.Presence", [
  f(1, "basin", "string"),
  f(2, "subscribers", "int32"),
  f(3, "head", "message", { message: () => StreamPosition }),
]);

/** polestage.offers.v1.ChangeKind, by number. */
export const ChangeKind = Object.freeze({
  1: "created",
  2: "updated",
  3: "published",
  4: "withdrawn",
  5: "seat taken",
  6: "seat freed",
});

/** polestage.offers.v1.OfferStatus, by number. */
export const OfferStatus = Object.freeze({
  1: "draft",
  2: "published",
  3: "full",
  4: "to update",
  5: "withdrawn",
});

/** The methods the dashboard calls, with their request and response messages. */
export const Methods = Object.freeze({
  subscribe: { path: "/polestage.offers.v1.OfferService/Subscribe", request: SubscribeRequest, response: OfferEvent },
  getPresence: {
    path: "/polestage.offers.v1.OfferService/GetPresence",
    request: GetPresenceRequest,
    response: Presence,
  },
});
