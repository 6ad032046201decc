// DO NOT EDIT: written by scripts/generate-messages.mjs from Proto/ (node Clients/dashboard/scripts/generate-messages.mjs).
// Every message, enum and method of the .proto files, for proto.js and client.js.

const f = (no, name, type, extra = {}) => ({ no, name, type, ...extra });

/** Messages by full name: `{ name, fields }`, each field `{ no, name, type, repeated?, optional?, oneof?, message? }`. */
export const messages = {};
const m = (name) => () => messages[name];

messages["google.protobuf.FieldMask"] = { name: "google.protobuf.FieldMask", fields: [
  f(1, "paths", "string", { repeated: true }),
] };
messages["polestage.admin.v1.AssignAnimatorRequest"] = { name: "polestage.admin.v1.AssignAnimatorRequest", fields: [
  f(1, "user_id", "string"),
  f(2, "basin_id", "string"),
] };
messages["polestage.admin.v1.AuditEntry"] = { name: "polestage.admin.v1.AuditEntry", fields: [
  f(1, "id", "int64"),
  f(2, "at", "int64"),
  f(3, "user_id", "string"),
  f(4, "role", "string"),
  f(5, "method", "string"),
  f(6, "basin_id", "string"),
  f(7, "target", "string"),
  f(8, "outcome", "string"),
] };
messages["polestage.admin.v1.AuditPage"] = { name: "polestage.admin.v1.AuditPage", fields: [
  f(1, "entries", "message", { repeated: true, message: m("polestage.admin.v1.AuditEntry") }),
  f(2, "next_page_token", "string"),
] };
messages["polestage.admin.v1.BackupFile"] = { name: "polestage.admin.v1.BackupFile", fields: [
  f(1, "name", "string"),
  f(2, "bytes", "int64"),
] };
messages["polestage.admin.v1.BackupReport"] = { name: "polestage.admin.v1.BackupReport", fields: [
  f(1, "directory", "string"),
  f(2, "files", "message", { repeated: true, message: m("polestage.admin.v1.BackupFile") }),
] };
messages["polestage.admin.v1.BackupRequest"] = { name: "polestage.admin.v1.BackupRequest", fields: [
  f(1, "name", "string"),
] };
messages["polestage.admin.v1.Basin"] = { name: "polestage.admin.v1.Basin", fields: [
  f(1, "id", "string"),
  f(2, "name", "string"),
  f(3, "archived", "bool"),
  f(4, "school_count", "int64"),
  f(5, "offer_count", "int64"),
] };
messages["polestage.admin.v1.BasinList"] = { name: "polestage.admin.v1.BasinList", fields: [
  f(1, "basins", "message", { repeated: true, message: m("polestage.admin.v1.Basin") }),
] };
messages["polestage.admin.v1.BasinPurge"] = { name: "polestage.admin.v1.BasinPurge", fields: [
  f(1, "basin_id", "string"),
  f(2, "pupils_deleted", "int64"),
] };
messages["polestage.admin.v1.BasinRef"] = { name: "polestage.admin.v1.BasinRef", fields: [
  f(1, "basin_id", "string"),
] };
messages["polestage.admin.v1.Company"] = { name: "polestage.admin.v1.Company", fields: [
  f(1, "details", "message", { message: m("polestage.admin.v1.CompanyDetails") }),
] };
messages["polestage.admin.v1.CompanyDeclines"] = { name: "polestage.admin.v1.CompanyDeclines", fields: [
  f(1, "company_siret", "string"),
  f(2, "company_name", "string"),
  f(3, "priority_pupils", "message", { message: m("polestage.admin.v1.DeclineFigures") }),
  f(4, "other_pupils", "message", { message: m("polestage.admin.v1.DeclineFigures") }),
  f(5, "gap_points", "double"),
  f(6, "flagged", "bool"),
] };
messages["polestage.admin.v1.CompanyDetails"] = { name: "polestage.admin.v1.CompanyDetails", fields: [
  f(1, "siret", "string"),
  f(2, "name", "string"),
  f(3, "sector", "string"),
  f(4, "street", "string"),
  f(5, "postal_code", "string"),
  f(6, "commune", "string"),
  f(7, "latitude", "double"),
  f(8, "longitude", "double"),
  f(9, "basin_ids", "string", { repeated: true }),
  f(10, "update_mask", "message", { message: m("google.protobuf.FieldMask") }),
] };
messages["polestage.admin.v1.CompanyList"] = { name: "polestage.admin.v1.CompanyList", fields: [
  f(1, "companies", "message", { repeated: true, message: m("polestage.admin.v1.Company") }),
  f(2, "next_page_token", "string"),
] };
messages["polestage.admin.v1.CreateBasinRequest"] = { name: "polestage.admin.v1.CreateBasinRequest", fields: [
  f(1, "id", "string"),
  f(2, "name", "string"),
] };
messages["polestage.admin.v1.CreateUserRequest"] = { name: "polestage.admin.v1.CreateUserRequest", fields: [
  f(1, "user_id", "string"),
  f(2, "role", "string"),
  f(3, "basin_id", "string"),
  f(4, "school_uai", "string"),
  f(5, "company_siret", "string"),
] };
messages["polestage.admin.v1.DeclineFigures"] = { name: "polestage.admin.v1.DeclineFigures", fields: [
  f(1, "answered", "int64"),
  f(2, "declined", "int64"),
  f(3, "decline_rate", "double"),
  f(4, "reasons", "message", { repeated: true, message: m("polestage.admin.v1.DeclineReasonCount") }),
  f(5, "fewer_than_five", "bool"),
] };
messages["polestage.admin.v1.DeclineReasonCount"] = { name: "polestage.admin.v1.DeclineReasonCount", fields: [
  f(1, "reason", "string"),
  f(2, "label", "string"),
  f(3, "count", "int64"),
] };
messages["polestage.admin.v1.Equity"] = { name: "polestage.admin.v1.Equity", fields: [
  f(1, "priority", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(2, "rural", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(3, "others", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(4, "rep", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(5, "rep_plus", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(6, "qpv", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(7, "needs_accessible", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(8, "all", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(9, "female", "message", { message: m("polestage.admin.v1.EquityGroup") }),
  f(10, "male", "message", { message: m("polestage.admin.v1.EquityGroup") }),
] };
messages["polestage.admin.v1.EquityGroup"] = { name: "polestage.admin.v1.EquityGroup", fields: [
  f(1, "pupils", "int64"),
  f(2, "placed", "int64"),
  f(3, "placement_rate", "double"),
  f(4, "pending", "int64"),
  f(5, "fewer_than_five", "bool"),
] };
messages["polestage.admin.v1.ImportReport"] = { name: "polestage.admin.v1.ImportReport", fields: [
  f(1, "lines", "int64"),
  f(2, "imported", "int64"),
  f(3, "rejected", "message", { repeated: true, message: m("polestage.admin.v1.RejectedLine") }),
  f(4, "committed", "bool"),
  f(5, "created", "int64"),
  f(6, "updated", "int64"),
] };
messages["polestage.admin.v1.ImportRequest"] = { name: "polestage.admin.v1.ImportRequest", fields: [
  f(1, "csv", "string"),
  f(2, "all_or_nothing", "bool"),
] };
messages["polestage.admin.v1.Invite"] = { name: "polestage.admin.v1.Invite", fields: [
  f(1, "user", "message", { message: m("polestage.admin.v1.User") }),
  f(2, "code", "string"),
  f(3, "path", "string"),
  f(4, "expires_at", "int64"),
] };
messages["polestage.admin.v1.InviteUserRequest"] = { name: "polestage.admin.v1.InviteUserRequest", fields: [
  f(1, "user_id", "string"),
  f(2, "role", "string"),
  f(3, "basin_id", "string"),
  f(4, "school_uai", "string"),
  f(5, "company_siret", "string"),
  f(6, "lifetime_hours", "int32"),
] };
messages["polestage.admin.v1.IssuedToken"] = { name: "polestage.admin.v1.IssuedToken", fields: [
  f(1, "token", "string"),
  f(2, "token_id", "string"),
  f(3, "expires_at", "int64"),
  f(4, "user", "message", { message: m("polestage.admin.v1.User") }),
] };
messages["polestage.admin.v1.IssueTokenRequest"] = { name: "polestage.admin.v1.IssueTokenRequest", fields: [
  f(1, "user_id", "string"),
  f(2, "lifetime_seconds", "int64"),
] };
messages["polestage.admin.v1.LevelPlacement"] = { name: "polestage.admin.v1.LevelPlacement", fields: [
  f(1, "level", "enum"),
  f(2, "figures", "message", { message: m("polestage.admin.v1.EquityGroup") }),
] };
messages["polestage.admin.v1.ListAuditRequest"] = { name: "polestage.admin.v1.ListAuditRequest", fields: [
  f(1, "page_size", "int32"),
  f(2, "page_token", "string"),
] };
messages["polestage.admin.v1.ListBasinsRequest"] = { name: "polestage.admin.v1.ListBasinsRequest", fields: [
  f(1, "include_archived", "bool"),
] };
messages["polestage.admin.v1.ListTokensRequest"] = { name: "polestage.admin.v1.ListTokensRequest", fields: [
  f(1, "user_id", "string"),
] };
messages["polestage.admin.v1.MergeCompaniesRequest"] = { name: "polestage.admin.v1.MergeCompaniesRequest", fields: [
  f(1, "kept_siret", "string"),
  f(2, "duplicate_siret", "string"),
] };
messages["polestage.admin.v1.MergeReport"] = { name: "polestage.admin.v1.MergeReport", fields: [
  f(1, "kept", "message", { message: m("polestage.admin.v1.Company") }),
  f(2, "offers_moved", "int64"),
  f(3, "contacts_moved", "int64"),
] };
messages["polestage.admin.v1.PurgeEndedSchoolYearsRequest"] = { name: "polestage.admin.v1.PurgeEndedSchoolYearsRequest", fields: [
] };
messages["polestage.admin.v1.PurgeReport"] = { name: "polestage.admin.v1.PurgeReport", fields: [
  f(1, "basins", "message", { repeated: true, message: m("polestage.admin.v1.BasinPurge") }),
  f(2, "retention_days", "int32"),
] };
messages["polestage.admin.v1.RejectedLine"] = { name: "polestage.admin.v1.RejectedLine", fields: [
  f(1, "line", "int64"),
  f(2, "reason", "string"),
  f(3, "reasons", "string", { repeated: true }),
] };
messages["polestage.admin.v1.RenameBasinRequest"] = { name: "polestage.admin.v1.RenameBasinRequest", fields: [
  f(1, "basin_id", "string"),
  f(2, "name", "string"),
] };
messages["polestage.admin.v1.RevokedToken"] = { name: "polestage.admin.v1.RevokedToken", fields: [
  f(1, "token_id", "string"),
  f(2, "revoked_at", "int64"),
] };
messages["polestage.admin.v1.RevokeTokenRequest"] = { name: "polestage.admin.v1.RevokeTokenRequest", fields: [
  f(1, "token_id", "string"),
] };
messages["polestage.admin.v1.School"] = { name: "polestage.admin.v1.School", fields: [
  f(1, "details", "message", { message: m("polestage.admin.v1.SchoolDetails") }),
] };
messages["polestage.admin.v1.SchoolDetails"] = { name: "polestage.admin.v1.SchoolDetails", fields: [
  f(1, "uai", "string"),
  f(2, "name", "string"),
  f(3, "type", "string"),
  f(4, "commune", "string"),
  f(5, "basin_id", "string"),
  f(6, "rep", "bool"),
  f(7, "rep_plus", "bool"),
  f(8, "rural", "bool"),
  f(9, "latitude", "double"),
  f(10, "longitude", "double"),
  f(11, "update_mask", "message", { message: m("google.protobuf.FieldMask") }),
] };
messages["polestage.admin.v1.SchoolFigures"] = { name: "polestage.admin.v1.SchoolFigures", fields: [
  f(1, "school_uai", "string"),
  f(2, "basin_id", "string"),
  f(3, "rep", "bool"),
  f(4, "rep_plus", "bool"),
  f(5, "rural", "bool"),
  f(6, "pending", "int64"),
  f(7, "confirmed", "int64"),
  f(8, "declined", "int64"),
  f(9, "cancelled", "int64"),
  f(10, "expired", "int64"),
  f(11, "pupils", "int64"),
  f(12, "share_unplaced", "double"),
  f(13, "placed", "int64"),
  f(14, "fewer_than_five", "bool"),
  f(15, "school_name", "string"),
] };
messages["polestage.admin.v1.SearchCompaniesRequest"] = { name: "polestage.admin.v1.SearchCompaniesRequest", fields: [
  f(1, "query", "string"),
  f(2, "basin_id", "string"),
  f(3, "page_size", "int32"),
  f(4, "page_token", "string"),
] };
messages["polestage.admin.v1.Statistics"] = { name: "polestage.admin.v1.Statistics", fields: [
  f(1, "basin_id", "string"),
  f(2, "by_trade_and_level", "message", { repeated: true, message: m("polestage.admin.v1.TradeLevelFigures") }),
  f(3, "fill_by_week", "message", { repeated: true, message: m("polestage.admin.v1.WeekFill") }),
  f(4, "schools", "message", { repeated: true, message: m("polestage.admin.v1.SchoolFigures") }),
  f(5, "equity", "message", { message: m("polestage.admin.v1.Equity") }),
  f(6, "school_year", "string"),
  f(7, "by_level", "message", { repeated: true, message: m("polestage.admin.v1.LevelPlacement") }),
  f(8, "gender_by_trade", "message", { repeated: true, message: m("polestage.admin.v1.TradeGenderBalance") }),
  f(9, "company_declines", "message", { repeated: true, message: m("polestage.admin.v1.CompanyDeclines") }),
  f(10, "decline_gap_points", "double"),
] };
messages["polestage.admin.v1.StatisticsRequest"] = { name: "polestage.admin.v1.StatisticsRequest", fields: [
  f(1, "basin_id", "string"),
  f(2, "decline_gap_points", "double"),
] };
messages["polestage.admin.v1.TokenInfo"] = { name: "polestage.admin.v1.TokenInfo", fields: [
  f(1, "token_id", "string"),
  f(2, "user_id", "string"),
  f(3, "role", "string"),
  f(4, "basin_id", "string"),
  f(5, "school_uai", "string"),
  f(6, "company_siret", "string"),
  f(7, "issued_at", "int64"),
  f(8, "expires_at", "int64"),
  f(9, "revoked_at", "int64"),
] };
messages["polestage.admin.v1.TokenList"] = { name: "polestage.admin.v1.TokenList", fields: [
  f(1, "tokens", "message", { repeated: true, message: m("polestage.admin.v1.TokenInfo") }),
] };
messages["polestage.admin.v1.TradeGenderBalance"] = { name: "polestage.admin.v1.TradeGenderBalance", fields: [
  f(1, "trade_code", "string"),
  f(2, "trade_label", "string"),
  f(3, "girls", "int64"),
  f(4, "boys", "int64"),
  f(5, "share_girls", "double"),
  f(6, "fewer_than_five", "bool"),
] };
messages["polestage.admin.v1.TradeLevelFigures"] = { name: "polestage.admin.v1.TradeLevelFigures", fields: [
  f(1, "trade_code", "string"),
  f(2, "level", "enum"),
  f(3, "offers", "int64"),
  f(4, "seats", "int64"),
  f(5, "seats_taken", "int64"),
  f(6, "trade_label", "string"),
] };
messages["polestage.admin.v1.User"] = { name: "polestage.admin.v1.User", fields: [
  f(1, "user_id", "string"),
  f(2, "role", "string"),
  f(3, "basin_id", "string"),
  f(4, "school_uai", "string"),
  f(5, "company_siret", "string"),
  f(6, "active", "bool"),
] };
messages["polestage.admin.v1.UserRef"] = { name: "polestage.admin.v1.UserRef", fields: [
  f(1, "user_id", "string"),
] };
messages["polestage.admin.v1.WeekFill"] = { name: "polestage.admin.v1.WeekFill", fields: [
  f(1, "year", "int32"),
  f(2, "week", "int32"),
  f(3, "seats", "int64"),
  f(4, "seats_taken", "int64"),
  f(5, "fill_rate", "double"),
] };
messages["polestage.calendar.v1.BasinCalendar"] = { name: "polestage.calendar.v1.BasinCalendar", fields: [
  f(1, "schools", "message", { repeated: true, message: m("polestage.calendar.v1.SchoolCalendar") }),
] };
messages["polestage.calendar.v1.Load"] = { name: "polestage.calendar.v1.Load", fields: [
  f(1, "weeks", "message", { repeated: true, message: m("polestage.calendar.v1.WeekLoad") }),
] };
messages["polestage.calendar.v1.SchoolCalendar"] = { name: "polestage.calendar.v1.SchoolCalendar", fields: [
  f(1, "school_uai", "string"),
  f(2, "periods", "message", { repeated: true, message: m("polestage.calendar.v1.SchoolPeriod") }),
] };
messages["polestage.calendar.v1.SchoolCalendarRequest"] = { name: "polestage.calendar.v1.SchoolCalendarRequest", fields: [
  f(1, "school_uai", "string"),
] };
messages["polestage.calendar.v1.SchoolPeriod"] = { name: "polestage.calendar.v1.SchoolPeriod", fields: [
  f(1, "level", "enum"),
  f(2, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(3, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(4, "pupils", "int32"),
  f(5, "trade_code", "string"),
] };
messages["polestage.calendar.v1.SetSchoolPeriodsRequest"] = { name: "polestage.calendar.v1.SetSchoolPeriodsRequest", fields: [
  f(1, "school_uai", "string"),
  f(2, "periods", "message", { repeated: true, message: m("polestage.calendar.v1.SchoolPeriod") }),
] };
messages["polestage.calendar.v1.WeekLoad"] = { name: "polestage.calendar.v1.WeekLoad", fields: [
  f(1, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(2, "trade_code", "string"),
  f(3, "pupils_out", "int32"),
  f(4, "seats_offered", "int32"),
  f(5, "seats_free", "int32"),
] };
messages["polestage.calendar.v1.WeekRange"] = { name: "polestage.calendar.v1.WeekRange", fields: [
  f(1, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(2, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
] };
messages["polestage.common.v1.Address"] = { name: "polestage.common.v1.Address", fields: [
  f(1, "street", "string"),
  f(2, "postal_code", "string"),
  f(3, "commune", "string"),
] };
messages["polestage.common.v1.GeoPoint"] = { name: "polestage.common.v1.GeoPoint", fields: [
  f(1, "latitude", "double"),
  f(2, "longitude", "double"),
] };
messages["polestage.common.v1.IsoWeek"] = { name: "polestage.common.v1.IsoWeek", fields: [
  f(1, "year", "int32"),
  f(2, "week", "int32"),
] };
messages["polestage.contacts.v1.Contact"] = { name: "polestage.contacts.v1.Contact", fields: [
  f(1, "id", "int64"),
  f(2, "details", "message", { message: m("polestage.contacts.v1.ContactDetails") }),
  f(3, "company_name", "string"),
] };
messages["polestage.contacts.v1.ContactDetails"] = { name: "polestage.contacts.v1.ContactDetails", fields: [
  f(1, "trade_code", "string"),
  f(2, "company_siret", "string"),
  f(3, "name", "string"),
  f(4, "function", "string"),
  f(5, "email", "string"),
  f(6, "phone", "string"),
] };
messages["polestage.contacts.v1.ContactList"] = { name: "polestage.contacts.v1.ContactList", fields: [
  f(1, "contacts", "message", { repeated: true, message: m("polestage.contacts.v1.Contact") }),
] };
messages["polestage.contacts.v1.ContactRef"] = { name: "polestage.contacts.v1.ContactRef", fields: [
  f(1, "contact_id", "int64"),
] };
messages["polestage.contacts.v1.ListContactsRequest"] = { name: "polestage.contacts.v1.ListContactsRequest", fields: [
  f(1, "trade_code", "string"),
] };
messages["polestage.contacts.v1.UpdateContactRequest"] = { name: "polestage.contacts.v1.UpdateContactRequest", fields: [
  f(1, "contact_id", "int64"),
  f(2, "details", "message", { message: m("polestage.contacts.v1.ContactDetails") }),
] };
messages["polestage.offers.v1.Accessibility"] = { name: "polestage.offers.v1.Accessibility", fields: [
  f(1, "step_free", "bool"),
  f(2, "adapted_tasks", "bool"),
  f(3, "trained_tutor", "bool"),
] };
messages["polestage.offers.v1.CreateOfferRequest"] = { name: "polestage.offers.v1.CreateOfferRequest", fields: [
  f(1, "company_siret", "string"),
  f(2, "details", "message", { message: m("polestage.offers.v1.OfferDetails") }),
  f(3, "external_ref", "string"),
  f(4, "publish", "bool"),
] };
messages["polestage.offers.v1.GetPresenceRequest"] = { name: "polestage.offers.v1.GetPresenceRequest", fields: [
] };
messages["polestage.offers.v1.Heartbeat"] = { name: "polestage.offers.v1.Heartbeat", fields: [
] };
messages["polestage.offers.v1.Live"] = { name: "polestage.offers.v1.Live", fields: [
  f(1, "origin", "message", { message: m("polestage.common.v1.GeoPoint") }),
] };
messages["polestage.offers.v1.Offer"] = { name: "polestage.offers.v1.Offer", fields: [
  f(1, "id", "int64"),
  f(2, "company_siret", "string"),
  f(3, "company_name", "string"),
  f(4, "trade_label", "string"),
  f(5, "details", "message", { message: m("polestage.offers.v1.OfferDetails") }),
  f(6, "periods", "message", { repeated: true, message: m("polestage.offers.v1.Period") }),
  f(7, "external_ref", "string"),
  f(8, "status", "enum"),
  f(9, "version", "int64"),
  f(10, "updated_at_unix_ms", "int64"),
  f(11, "distance_km", "double"),
  f(12, "priority_until_unix_ms", "int64"),
  f(13, "reachable", "bool"),
] };
messages["polestage.offers.v1.OfferChange"] = { name: "polestage.offers.v1.OfferChange", fields: [
  f(1, "kind", "enum"),
  f(2, "offer", "message", { message: m("polestage.offers.v1.Offer") }),
  f(3, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(4, "at_unix_ms", "int64"),
] };
messages["polestage.offers.v1.OfferDetails"] = { name: "polestage.offers.v1.OfferDetails", fields: [
  f(1, "trade_code", "string"),
  f(2, "title", "string"),
  f(3, "description", "string"),
  f(4, "levels", "enum", { repeated: true }),
  f(5, "periods", "message", { repeated: true, message: m("polestage.offers.v1.PeriodSeats") }),
  f(6, "address", "message", { message: m("polestage.common.v1.Address") }),
  f(7, "location", "message", { message: m("polestage.common.v1.GeoPoint") }),
  f(8, "accessible", "bool"),
  f(9, "transit_access", "string"),
  f(10, "reserved_for_school", "string"),
  f(11, "accessibility", "message", { message: m("polestage.offers.v1.Accessibility") }),
  f(12, "transit", "message", { message: m("polestage.offers.v1.TransitStop") }),
  f(13, "lunch_provided", "bool"),
  f(14, "lodging_provided", "bool"),
] };
messages["polestage.offers.v1.OfferEvent"] = { name: "polestage.offers.v1.OfferEvent", fields: [
  f(1, "position", "message", { message: m("polestage.offers.v1.StreamPosition") }),
  f(2, "change", "message", { oneof: "event", message: m("polestage.offers.v1.OfferChange") }),
  f(3, "reset", "message", { oneof: "event", message: m("polestage.offers.v1.StreamReset") }),
  f(4, "snapshot", "message", { oneof: "event", message: m("polestage.offers.v1.Snapshot") }),
  f(5, "live", "message", { oneof: "event", message: m("polestage.offers.v1.Live") }),
  f(6, "heartbeat", "message", { oneof: "event", message: m("polestage.offers.v1.Heartbeat") }),
] };
messages["polestage.offers.v1.OfferFilter"] = { name: "polestage.offers.v1.OfferFilter", fields: [
  f(1, "trade_codes", "string", { repeated: true }),
  f(2, "levels", "enum", { repeated: true }),
  f(3, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(4, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(5, "near", "message", { message: m("polestage.common.v1.GeoPoint") }),
  f(6, "radius_km", "double"),
  f(7, "accessible_only", "bool"),
  f(8, "free_seats_only", "bool"),
  f(9, "pupil_id", "int64"),
  f(10, "reachable_only", "bool"),
] };
messages["polestage.offers.v1.OfferRef"] = { name: "polestage.offers.v1.OfferRef", fields: [
  f(1, "offer_id", "int64"),
] };
messages["polestage.offers.v1.Period"] = { name: "polestage.offers.v1.Period", fields: [
  f(1, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(2, "seats", "int32"),
  f(3, "seats_taken", "int32"),
  f(4, "seats_free", "int32"),
  f(5, "seats_held_for_priority", "int32"),
  f(6, "held_until_unix_ms", "int64"),
] };
messages["polestage.offers.v1.PeriodSeats"] = { name: "polestage.offers.v1.PeriodSeats", fields: [
  f(1, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(2, "seats", "int32"),
] };
messages["polestage.offers.v1.Presence"] = { name: "polestage.offers.v1.Presence", fields: [
  f(1, "basin", "string"),
  f(2, "subscribers", "int32"),
  f(3, "head", "message", { message: m("polestage.offers.v1.StreamPosition") }),
] };
messages["polestage.offers.v1.SearchOffersRequest"] = { name: "polestage.offers.v1.SearchOffersRequest", fields: [
  f(1, "text", "string"),
  f(2, "trade_codes", "string", { repeated: true }),
  f(3, "level", "enum"),
  f(4, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(5, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(6, "near", "message", { message: m("polestage.common.v1.GeoPoint") }),
  f(7, "radius_km", "double"),
  f(8, "accessible_only", "bool"),
  f(9, "free_seats_only", "bool"),
  f(10, "page_size", "int32"),
  f(11, "page_token", "string"),
  f(12, "include_inactive", "bool"),
  f(13, "pupil_id", "int64"),
  f(14, "reachable_only", "bool"),
  f(15, "company_siret", "string"),
] };
messages["polestage.offers.v1.SearchOffersResponse"] = { name: "polestage.offers.v1.SearchOffersResponse", fields: [
  f(1, "offers", "message", { repeated: true, message: m("polestage.offers.v1.Offer") }),
  f(2, "next_page_token", "string"),
] };
messages["polestage.offers.v1.Snapshot"] = { name: "polestage.offers.v1.Snapshot", fields: [
  f(1, "offers", "message", { repeated: true, message: m("polestage.offers.v1.Offer") }),
  f(2, "last", "bool"),
] };
messages["polestage.offers.v1.StreamPosition"] = { name: "polestage.offers.v1.StreamPosition", fields: [
  f(1, "epoch", "int64"),
  f(2, "offset", "int64"),
] };
messages["polestage.offers.v1.StreamReset"] = { name: "polestage.offers.v1.StreamReset", fields: [
  f(1, "reason", "enum"),
  f(2, "message", "string"),
] };
messages["polestage.offers.v1.SubscribeRequest"] = { name: "polestage.offers.v1.SubscribeRequest", fields: [
  f(1, "filter", "message", { message: m("polestage.offers.v1.OfferFilter") }),
  f(2, "resume_from", "message", { message: m("polestage.offers.v1.StreamPosition") }),
  f(3, "snapshot", "bool"),
] };
messages["polestage.offers.v1.TransitStop"] = { name: "polestage.offers.v1.TransitStop", fields: [
  f(1, "stop", "string"),
  f(2, "lines", "string", { repeated: true }),
  f(3, "walk_minutes", "int32"),
] };
messages["polestage.offers.v1.UpdateOfferRequest"] = { name: "polestage.offers.v1.UpdateOfferRequest", fields: [
  f(1, "offer_id", "int64"),
  f(2, "details", "message", { message: m("polestage.offers.v1.OfferDetails") }),
  f(3, "expected_version", "int64"),
] };
messages["polestage.placements.v1.Application"] = { name: "polestage.placements.v1.Application", fields: [
  f(1, "id", "int64"),
  f(2, "offer_id", "int64"),
  f(3, "offer_title", "string"),
  f(4, "company_name", "string"),
  f(5, "level", "enum"),
  f(6, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(7, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(8, "motivation", "string"),
  f(9, "needs", "message", { message: m("polestage.placements.v1.PupilNeeds") }),
  f(10, "made_by", "enum"),
  f(11, "status", "enum"),
  f(12, "decline_reason", "enum"),
  f(13, "decline_note", "string"),
  f(14, "created_at_unix_ms", "int64"),
  f(15, "expires_at_unix_ms", "int64"),
  f(16, "decided_at_unix_ms", "int64"),
  f(17, "pupil_id", "int64"),
  f(18, "pupil_ref", "string"),
  f(19, "school_uai", "string"),
  f(20, "school_year", "string"),
  f(21, "boarding_house_id", "int64"),
] };
messages["polestage.placements.v1.ApplicationList"] = { name: "polestage.placements.v1.ApplicationList", fields: [
  f(1, "applications", "message", { repeated: true, message: m("polestage.placements.v1.Application") }),
] };
messages["polestage.placements.v1.ApplicationRef"] = { name: "polestage.placements.v1.ApplicationRef", fields: [
  f(1, "application_id", "int64"),
] };
messages["polestage.placements.v1.ApplyRequest"] = { name: "polestage.placements.v1.ApplyRequest", fields: [
  f(1, "offer_id", "int64"),
  f(2, "pupil_id", "int64"),
  f(3, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(4, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(5, "motivation", "string"),
  f(6, "boarding_house_id", "int64"),
] };
messages["polestage.placements.v1.BoardingHouse"] = { name: "polestage.placements.v1.BoardingHouse", fields: [
  f(1, "id", "int64"),
  f(2, "details", "message", { message: m("polestage.placements.v1.BoardingHouseDetails") }),
  f(3, "weeks", "message", { repeated: true, message: m("polestage.placements.v1.BoardingWeek") }),
] };
messages["polestage.placements.v1.BoardingHouseDetails"] = { name: "polestage.placements.v1.BoardingHouseDetails", fields: [
  f(1, "name", "string"),
  f(2, "commune", "string"),
  f(3, "location", "message", { message: m("polestage.common.v1.GeoPoint") }),
  f(4, "conditions", "string"),
  f(5, "places", "message", { repeated: true, message: m("polestage.offers.v1.PeriodSeats") }),
] };
messages["polestage.placements.v1.BoardingHouseList"] = { name: "polestage.placements.v1.BoardingHouseList", fields: [
  f(1, "houses", "message", { repeated: true, message: m("polestage.placements.v1.BoardingHouse") }),
] };
messages["polestage.placements.v1.BoardingWeek"] = { name: "polestage.placements.v1.BoardingWeek", fields: [
  f(1, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(2, "places", "int32"),
  f(3, "taken", "int32"),
  f(4, "free", "int32"),
] };
messages["polestage.placements.v1.DeclineApplicationRequest"] = { name: "polestage.placements.v1.DeclineApplicationRequest", fields: [
  f(1, "application_id", "int64"),
  f(2, "reason", "enum"),
  f(3, "note", "string"),
] };
messages["polestage.placements.v1.DeletePupilResponse"] = { name: "polestage.placements.v1.DeletePupilResponse", fields: [
  f(1, "applications_deleted", "int32"),
] };
messages["polestage.placements.v1.FollowUp"] = { name: "polestage.placements.v1.FollowUp", fields: [
  f(1, "school_year", "string"),
  f(2, "schools", "message", { repeated: true, message: m("polestage.placements.v1.SchoolFollowUp") }),
  f(3, "unasked_offers", "message", { repeated: true, message: m("polestage.placements.v1.UnaskedOffer") }),
] };
messages["polestage.placements.v1.FollowUpRequest"] = { name: "polestage.placements.v1.FollowUpRequest", fields: [
] };
messages["polestage.placements.v1.ImportPupilsRequest"] = { name: "polestage.placements.v1.ImportPupilsRequest", fields: [
  f(1, "school_uai", "string"),
  f(2, "file", "message", { message: m("polestage.admin.v1.ImportRequest") }),
] };
messages["polestage.placements.v1.InboxEvent"] = { name: "polestage.placements.v1.InboxEvent", fields: [
  f(1, "position", "message", { message: m("polestage.offers.v1.StreamPosition") }),
  f(2, "message", "message", { oneof: "event", message: m("polestage.placements.v1.InboxMessage") }),
  f(3, "reset", "message", { oneof: "event", message: m("polestage.offers.v1.StreamReset") }),
  f(4, "live", "message", { oneof: "event", message: m("polestage.offers.v1.Live") }),
  f(5, "heartbeat", "message", { oneof: "event", message: m("polestage.offers.v1.Heartbeat") }),
] };
messages["polestage.placements.v1.InboxMessage"] = { name: "polestage.placements.v1.InboxMessage", fields: [
  f(1, "id", "int64"),
  f(2, "kind", "enum"),
  f(3, "at_unix_ms", "int64"),
  f(4, "read", "bool"),
  f(5, "application_id", "int64"),
  f(6, "offer_id", "int64"),
  f(7, "text", "string"),
] };
messages["polestage.placements.v1.InboxPage"] = { name: "polestage.placements.v1.InboxPage", fields: [
  f(1, "messages", "message", { repeated: true, message: m("polestage.placements.v1.InboxMessage") }),
  f(2, "unread", "int32"),
  f(3, "head", "message", { message: m("polestage.offers.v1.StreamPosition") }),
] };
messages["polestage.placements.v1.LevelFollowUp"] = { name: "polestage.placements.v1.LevelFollowUp", fields: [
  f(1, "level", "enum"),
  f(2, "pupils", "int32"),
  f(3, "placed", "int32"),
  f(4, "pending", "int32"),
  f(5, "nothing_yet", "int32"),
  f(6, "fewer_than_five", "bool"),
] };
messages["polestage.placements.v1.ListApplicationsRequest"] = { name: "polestage.placements.v1.ListApplicationsRequest", fields: [
  f(1, "offer_id", "int64"),
  f(2, "pupil_id", "int64"),
  f(3, "school_uai", "string"),
  f(4, "live_only", "bool"),
] };
messages["polestage.placements.v1.ListBoardingHousesRequest"] = { name: "polestage.placements.v1.ListBoardingHousesRequest", fields: [
] };
messages["polestage.placements.v1.ListInboxRequest"] = { name: "polestage.placements.v1.ListInboxRequest", fields: [
  f(1, "unread_only", "bool"),
  f(2, "before_id", "int64"),
  f(3, "page_size", "int32"),
] };
messages["polestage.placements.v1.MarkReadRequest"] = { name: "polestage.placements.v1.MarkReadRequest", fields: [
  f(1, "message_ids", "int64", { repeated: true }),
  f(2, "all", "bool"),
] };
messages["polestage.placements.v1.MarkReadResponse"] = { name: "polestage.placements.v1.MarkReadResponse", fields: [
  f(1, "marked", "int32"),
  f(2, "unread", "int32"),
] };
messages["polestage.placements.v1.Mobility"] = { name: "polestage.placements.v1.Mobility", fields: [
  f(1, "max_km", "int32"),
  f(2, "public_transport_only", "bool"),
] };
messages["polestage.placements.v1.Placement"] = { name: "polestage.placements.v1.Placement", fields: [
  f(1, "application_id", "int64"),
  f(2, "offer_id", "int64"),
  f(3, "offer_title", "string"),
  f(4, "company_name", "string"),
  f(5, "from_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(6, "to_week", "message", { message: m("polestage.common.v1.IsoWeek") }),
] };
messages["polestage.placements.v1.PlacementRules"] = { name: "polestage.placements.v1.PlacementRules", fields: [
  f(1, "max_pending_applications", "int32"),
  f(2, "pending_days", "int32"),
  f(3, "priority_groups", "message", { message: m("polestage.placements.v1.PriorityGroups") }),
  f(4, "priority_window_days", "int32", { optional: true }),
  f(5, "reserved_share_percent", "int32", { optional: true }),
  f(6, "reserved_release_days", "int32", { optional: true }),
] };
messages["polestage.placements.v1.PlacementRulesRequest"] = { name: "polestage.placements.v1.PlacementRulesRequest", fields: [
] };
messages["polestage.placements.v1.PriorityGroups"] = { name: "polestage.placements.v1.PriorityGroups", fields: [
  f(1, "groups", "enum", { repeated: true }),
] };
messages["polestage.placements.v1.Pupil"] = { name: "polestage.placements.v1.Pupil", fields: [
  f(1, "id", "int64"),
  f(2, "school_uai", "string"),
  f(3, "school_year", "string"),
  f(4, "details", "message", { message: m("polestage.placements.v1.PupilDetails") }),
  f(5, "state", "enum"),
  f(6, "pending_applications", "int32"),
  f(7, "placement", "message", { message: m("polestage.placements.v1.Placement") }),
] };
messages["polestage.placements.v1.PupilDetails"] = { name: "polestage.placements.v1.PupilDetails", fields: [
  f(1, "ref", "string"),
  f(2, "class_name", "string"),
  f(3, "level", "enum"),
  f(4, "needs_accessible", "bool"),
  f(5, "mobility", "message", { message: m("polestage.placements.v1.Mobility") }),
  f(6, "qpv", "bool"),
  f(7, "gender", "enum"),
  f(8, "needs", "message", { message: m("polestage.offers.v1.Accessibility") }),
] };
messages["polestage.placements.v1.PupilExport"] = { name: "polestage.placements.v1.PupilExport", fields: [
  f(1, "pupil", "message", { message: m("polestage.placements.v1.Pupil") }),
  f(2, "applications", "message", { repeated: true, message: m("polestage.placements.v1.Application") }),
] };
messages["polestage.placements.v1.PupilNeeds"] = { name: "polestage.placements.v1.PupilNeeds", fields: [
  f(1, "needs_accessible", "bool"),
  f(2, "mobility", "message", { message: m("polestage.placements.v1.Mobility") }),
] };
messages["polestage.placements.v1.PupilRef"] = { name: "polestage.placements.v1.PupilRef", fields: [
  f(1, "pupil_id", "int64"),
] };
messages["polestage.placements.v1.PupilSession"] = { name: "polestage.placements.v1.PupilSession", fields: [
  f(1, "token", "string"),
  f(2, "expires_at_unix_ms", "int64"),
  f(3, "pupil_id", "int64"),
  f(4, "school_uai", "string"),
] };
messages["polestage.placements.v1.RedeemSignInCodeRequest"] = { name: "polestage.placements.v1.RedeemSignInCodeRequest", fields: [
  f(1, "basin_id", "string"),
  f(2, "code", "string"),
] };
messages["polestage.placements.v1.Roster"] = { name: "polestage.placements.v1.Roster", fields: [
  f(1, "school_uai", "string"),
  f(2, "school_year", "string"),
  f(3, "pupils", "message", { repeated: true, message: m("polestage.placements.v1.Pupil") }),
] };
messages["polestage.placements.v1.RosterRequest"] = { name: "polestage.placements.v1.RosterRequest", fields: [
  f(1, "school_uai", "string"),
  f(2, "class_name", "string"),
  f(3, "level", "enum"),
  f(4, "unplaced_only", "bool"),
  f(5, "school_year", "string"),
] };
messages["polestage.placements.v1.SaveBoardingHouseRequest"] = { name: "polestage.placements.v1.SaveBoardingHouseRequest", fields: [
  f(1, "id", "int64"),
  f(2, "house", "message", { message: m("polestage.placements.v1.BoardingHouseDetails") }),
] };
messages["polestage.placements.v1.SavePupilRequest"] = { name: "polestage.placements.v1.SavePupilRequest", fields: [
  f(1, "school_uai", "string"),
  f(2, "details", "message", { message: m("polestage.placements.v1.PupilDetails") }),
] };
messages["polestage.placements.v1.SchoolFollowUp"] = { name: "polestage.placements.v1.SchoolFollowUp", fields: [
  f(1, "school_uai", "string"),
  f(2, "school_name", "string"),
  f(3, "levels", "message", { repeated: true, message: m("polestage.placements.v1.LevelFollowUp") }),
] };
messages["polestage.placements.v1.SignInCode"] = { name: "polestage.placements.v1.SignInCode", fields: [
  f(1, "code", "string"),
  f(2, "expires_at_unix_ms", "int64"),
] };
messages["polestage.placements.v1.UnaskedOffer"] = { name: "polestage.placements.v1.UnaskedOffer", fields: [
  f(1, "offer_id", "int64"),
  f(2, "title", "string"),
  f(3, "company_name", "string"),
  f(4, "weeks", "message", { repeated: true, message: m("polestage.common.v1.IsoWeek") }),
] };
messages["polestage.placements.v1.WatchInboxRequest"] = { name: "polestage.placements.v1.WatchInboxRequest", fields: [
  f(1, "resume_from", "message", { message: m("polestage.offers.v1.StreamPosition") }),
] };
messages["polestage.practice.v1.AttachFileRequest"] = { name: "polestage.practice.v1.AttachFileRequest", fields: [
  f(1, "resource", "message", { message: m("polestage.practice.v1.ResourceRef") }),
  f(2, "file_name", "string"),
  f(3, "content", "bytes"),
] };
messages["polestage.practice.v1.Attachment"] = { name: "polestage.practice.v1.Attachment", fields: [
  f(1, "id", "int64"),
  f(2, "file_name", "string"),
  f(3, "media_type", "string"),
  f(4, "size_bytes", "int64"),
  f(5, "sha256", "string"),
] };
messages["polestage.practice.v1.AttachmentContent"] = { name: "polestage.practice.v1.AttachmentContent", fields: [
  f(1, "attachment", "message", { message: m("polestage.practice.v1.Attachment") }),
  f(2, "content", "bytes"),
] };
messages["polestage.practice.v1.AttachmentRef"] = { name: "polestage.practice.v1.AttachmentRef", fields: [
  f(1, "resource", "message", { message: m("polestage.practice.v1.ResourceRef") }),
  f(2, "attachment_id", "int64"),
] };
messages["polestage.practice.v1.Resource"] = { name: "polestage.practice.v1.Resource", fields: [
  f(1, "scope", "enum"),
  f(2, "id", "int64"),
  f(3, "details", "message", { message: m("polestage.practice.v1.ResourceDetails") }),
  f(4, "html", "string"),
  f(5, "attachments", "message", { repeated: true, message: m("polestage.practice.v1.Attachment") }),
  f(6, "version", "int64"),
  f(7, "created_unix_ms", "int64"),
  f(8, "updated_unix_ms", "int64"),
  f(9, "author_role", "string"),
  f(10, "basin_id", "string"),
  f(11, "deleted", "bool"),
  f(12, "excerpt", "string"),
] };
messages["polestage.practice.v1.ResourceCursor"] = { name: "polestage.practice.v1.ResourceCursor", fields: [
  f(1, "basin_revision", "int64"),
  f(2, "academy_revision", "int64"),
] };
messages["polestage.practice.v1.ResourceDetails"] = { name: "polestage.practice.v1.ResourceDetails", fields: [
  f(1, "title", "string"),
  f(2, "kind", "enum"),
  f(3, "audience", "enum"),
  f(4, "markdown", "string"),
  f(5, "tags", "string", { repeated: true }),
  f(6, "event_starts_unix_ms", "int64"),
  f(7, "event_place", "string"),
] };
messages["polestage.practice.v1.ResourceEvent"] = { name: "polestage.practice.v1.ResourceEvent", fields: [
  f(1, "cursor", "message", { message: m("polestage.practice.v1.ResourceCursor") }),
  f(2, "resource", "message", { oneof: "event", message: m("polestage.practice.v1.Resource") }),
  f(3, "reset", "message", { oneof: "event", message: m("polestage.offers.v1.StreamReset") }),
  f(4, "live", "message", { oneof: "event", message: m("polestage.offers.v1.Live") }),
  f(5, "heartbeat", "message", { oneof: "event", message: m("polestage.offers.v1.Heartbeat") }),
] };
messages["polestage.practice.v1.ResourcePage"] = { name: "polestage.practice.v1.ResourcePage", fields: [
  f(1, "resources", "message", { repeated: true, message: m("polestage.practice.v1.Resource") }),
  f(2, "next_page_token", "string"),
] };
messages["polestage.practice.v1.ResourceRef"] = { name: "polestage.practice.v1.ResourceRef", fields: [
  f(1, "scope", "enum"),
  f(2, "resource_id", "int64"),
] };
messages["polestage.practice.v1.SaveResourceRequest"] = { name: "polestage.practice.v1.SaveResourceRequest", fields: [
  f(1, "scope", "enum"),
  f(2, "resource_id", "int64"),
  f(3, "details", "message", { message: m("polestage.practice.v1.ResourceDetails") }),
  f(4, "expected_version", "int64"),
] };
messages["polestage.practice.v1.SearchResourcesRequest"] = { name: "polestage.practice.v1.SearchResourcesRequest", fields: [
  f(1, "text", "string"),
  f(2, "kind", "enum"),
  f(3, "audience", "enum"),
  f(4, "tag", "string"),
  f(5, "scope", "enum"),
  f(6, "page_size", "int32"),
  f(7, "page_token", "string"),
] };
messages["polestage.practice.v1.WatchResourcesRequest"] = { name: "polestage.practice.v1.WatchResourcesRequest", fields: [
  f(1, "resume_from", "message", { message: m("polestage.practice.v1.ResourceCursor") }),
] };
messages["polestage.reservations.v1.ListOfferReservationsRequest"] = { name: "polestage.reservations.v1.ListOfferReservationsRequest", fields: [
  f(1, "offer_id", "int64"),
  f(2, "live_only", "bool"),
] };
messages["polestage.reservations.v1.ListSchoolReservationsRequest"] = { name: "polestage.reservations.v1.ListSchoolReservationsRequest", fields: [
  f(1, "school_uai", "string"),
  f(2, "live_only", "bool"),
] };
messages["polestage.reservations.v1.RequestSeatRequest"] = { name: "polestage.reservations.v1.RequestSeatRequest", fields: [
  f(1, "offer_id", "int64"),
  f(2, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(3, "pupil_ref", "string"),
  f(4, "level", "enum"),
] };
messages["polestage.reservations.v1.Reservation"] = { name: "polestage.reservations.v1.Reservation", fields: [
  f(1, "id", "int64"),
  f(2, "offer_id", "int64"),
  f(3, "week", "message", { message: m("polestage.common.v1.IsoWeek") }),
  f(4, "school_uai", "string"),
  f(5, "pupil_ref", "string"),
  f(6, "level", "enum"),
  f(7, "status", "enum"),
  f(8, "created_at_unix_ms", "int64"),
  f(9, "expires_at_unix_ms", "int64"),
  f(10, "decided_at_unix_ms", "int64"),
] };
messages["polestage.reservations.v1.ReservationList"] = { name: "polestage.reservations.v1.ReservationList", fields: [
  f(1, "reservations", "message", { repeated: true, message: m("polestage.reservations.v1.Reservation") }),
] };
messages["polestage.reservations.v1.ReservationRef"] = { name: "polestage.reservations.v1.ReservationRef", fields: [
  f(1, "reservation_id", "int64"),
] };
messages["polestage.wire.v1.GoAway"] = { name: "polestage.wire.v1.GoAway", fields: [
  f(1, "last_stream_id", "uint32"),
  f(2, "code", "uint32"),
  f(3, "message", "string"),
] };
messages["polestage.wire.v1.MetadataEntry"] = { name: "polestage.wire.v1.MetadataEntry", fields: [
  f(1, "key", "string"),
  f(2, "ascii_value", "string", { oneof: "value" }),
  f(3, "binary_value", "bytes", { oneof: "value" }),
] };
messages["polestage.wire.v1.OpenStream"] = { name: "polestage.wire.v1.OpenStream", fields: [
  f(1, "method", "string"),
  f(2, "metadata", "message", { repeated: true, message: m("polestage.wire.v1.MetadataEntry") }),
  f(3, "request_message", "bytes", { optional: true }),
] };
messages["polestage.wire.v1.Reset"] = { name: "polestage.wire.v1.Reset", fields: [
  f(1, "code", "uint32"),
  f(2, "message", "string"),
] };
messages["polestage.wire.v1.ResponseHeaders"] = { name: "polestage.wire.v1.ResponseHeaders", fields: [
  f(1, "metadata", "message", { repeated: true, message: m("polestage.wire.v1.MetadataEntry") }),
] };
messages["polestage.wire.v1.Settings"] = { name: "polestage.wire.v1.Settings", fields: [
  f(1, "version", "uint32"),
  f(2, "max_message_size", "uint32"),
  f(3, "max_concurrent_streams", "uint32"),
  f(4, "initial_window_size", "uint32"),
  f(5, "max_batch_size", "uint32"),
  f(6, "credit_requests", "bool"),
] };
messages["polestage.wire.v1.Trailers"] = { name: "polestage.wire.v1.Trailers", fields: [
  f(1, "code", "uint32"),
  f(2, "message", "string"),
  f(3, "metadata", "message", { repeated: true, message: m("polestage.wire.v1.MetadataEntry") }),
  f(4, "response_message", "bytes", { optional: true }),
] };

/** Enums by full name: value names by number. */
export const enums = {
  "polestage.common.v1.Level": Object.freeze({ 0: "LEVEL_UNSPECIFIED", 1: "LEVEL_3E_OBSERVATION", 2: "LEVEL_3E_PREPA_METIERS", 3: "LEVEL_SEGPA", 4: "LEVEL_CAP", 5: "LEVEL_BAC_PRO", 6: "LEVEL_BTS" }),
  "polestage.offers.v1.ChangeKind": Object.freeze({ 0: "CHANGE_KIND_UNSPECIFIED", 1: "CHANGE_KIND_OFFER_CREATED", 2: "CHANGE_KIND_OFFER_UPDATED", 3: "CHANGE_KIND_OFFER_PUBLISHED", 4: "CHANGE_KIND_OFFER_WITHDRAWN", 5: "CHANGE_KIND_SEATS_TAKEN", 6: "CHANGE_KIND_SEATS_FREED" }),
  "polestage.offers.v1.OfferStatus": Object.freeze({ 0: "OFFER_STATUS_UNSPECIFIED", 1: "OFFER_STATUS_DRAFT", 2: "OFFER_STATUS_PUBLISHED", 3: "OFFER_STATUS_FULL", 4: "OFFER_STATUS_TO_UPDATE", 5: "OFFER_STATUS_WITHDRAWN" }),
  "polestage.offers.v1.StreamReset.Reason": Object.freeze({ 0: "REASON_UNSPECIFIED", 1: "REASON_EPOCH_CHANGED", 2: "REASON_TOO_OLD", 3: "REASON_AHEAD" }),
  "polestage.placements.v1.ApplicantRole": Object.freeze({ 0: "APPLICANT_ROLE_UNSPECIFIED", 1: "APPLICANT_ROLE_PUPIL", 2: "APPLICANT_ROLE_SCHOOL" }),
  "polestage.placements.v1.ApplicationStatus": Object.freeze({ 0: "APPLICATION_STATUS_UNSPECIFIED", 1: "APPLICATION_STATUS_PENDING", 2: "APPLICATION_STATUS_ACCEPTED", 3: "APPLICATION_STATUS_DECLINED", 4: "APPLICATION_STATUS_WITHDRAWN", 5: "APPLICATION_STATUS_EXPIRED" }),
  "polestage.placements.v1.DeclineReason": Object.freeze({ 0: "DECLINE_REASON_UNSPECIFIED", 1: "DECLINE_REASON_SEATS_FILLED", 2: "DECLINE_REASON_TUTOR_UNAVAILABLE", 3: "DECLINE_REASON_DATES_UNSUITABLE", 4: "DECLINE_REASON_TRAINING_MISMATCH", 5: "DECLINE_REASON_OTHER", 6: "DECLINE_REASON_OFFER_WITHDRAWN" }),
  "polestage.placements.v1.Gender": Object.freeze({ 0: "GENDER_UNSPECIFIED", 1: "GENDER_FEMALE", 2: "GENDER_MALE", 3: "GENDER_OTHER" }),
  "polestage.placements.v1.InboxKind": Object.freeze({ 0: "INBOX_KIND_UNSPECIFIED", 1: "INBOX_KIND_APPLICATION_RECEIVED", 2: "INBOX_KIND_APPLICATION_ACCEPTED", 3: "INBOX_KIND_APPLICATION_DECLINED", 4: "INBOX_KIND_APPLICATION_WITHDRAWN", 5: "INBOX_KIND_APPLICATION_EXPIRED", 6: "INBOX_KIND_REMINDER_PENDING", 7: "INBOX_KIND_OFFER_TO_UPDATE", 8: "INBOX_KIND_APPLICATION_STUCK", 9: "INBOX_KIND_APPLICATION_SENT" }),
  "polestage.placements.v1.PlacementState": Object.freeze({ 0: "PLACEMENT_STATE_UNSPECIFIED", 1: "PLACEMENT_STATE_NOTHING_YET", 2: "PLACEMENT_STATE_PENDING", 3: "PLACEMENT_STATE_PLACED" }),
  "polestage.placements.v1.PriorityGroup": Object.freeze({ 0: "PRIORITY_GROUP_UNSPECIFIED", 1: "PRIORITY_GROUP_REP", 2: "PRIORITY_GROUP_REP_PLUS", 3: "PRIORITY_GROUP_RURAL", 4: "PRIORITY_GROUP_QPV", 5: "PRIORITY_GROUP_NEEDS" }),
  "polestage.practice.v1.Audience": Object.freeze({ 0: "AUDIENCE_UNSPECIFIED", 1: "AUDIENCE_EVERYONE", 2: "AUDIENCE_COMPANY_TUTORS", 3: "AUDIENCE_REFERENT_TEACHERS", 4: "AUDIENCE_ANIMATORS", 5: "AUDIENCE_PUPILS_AND_FAMILIES" }),
  "polestage.practice.v1.ResourceKind": Object.freeze({ 0: "RESOURCE_KIND_UNSPECIFIED", 1: "RESOURCE_KIND_GUIDE", 2: "RESOURCE_KIND_TEMPLATE", 3: "RESOURCE_KIND_PRACTICE", 4: "RESOURCE_KIND_EVENT" }),
  "polestage.practice.v1.ResourceScope": Object.freeze({ 0: "RESOURCE_SCOPE_UNSPECIFIED", 1: "RESOURCE_SCOPE_BASIN", 2: "RESOURCE_SCOPE_ACADEMY" }),
  "polestage.reservations.v1.ReservationStatus": Object.freeze({ 0: "RESERVATION_STATUS_UNSPECIFIED", 1: "RESERVATION_STATUS_PENDING", 2: "RESERVATION_STATUS_CONFIRMED", 3: "RESERVATION_STATUS_DECLINED", 4: "RESERVATION_STATUS_CANCELLED", 5: "RESERVATION_STATUS_EXPIRED" }),
};

/** Methods by `Service/Method` (the service's full name): `{ path, request, response, serverStreaming }`. */
export const methods = {};
methods["polestage.admin.v1.AdminService/CreateBasin"] = { path: "/polestage.admin.v1.AdminService/CreateBasin", request: messages["polestage.admin.v1.CreateBasinRequest"], response: messages["polestage.admin.v1.Basin"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/RenameBasin"] = { path: "/polestage.admin.v1.AdminService/RenameBasin", request: messages["polestage.admin.v1.RenameBasinRequest"], response: messages["polestage.admin.v1.Basin"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ArchiveBasin"] = { path: "/polestage.admin.v1.AdminService/ArchiveBasin", request: messages["polestage.admin.v1.BasinRef"], response: messages["polestage.admin.v1.Basin"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ListBasins"] = { path: "/polestage.admin.v1.AdminService/ListBasins", request: messages["polestage.admin.v1.ListBasinsRequest"], response: messages["polestage.admin.v1.BasinList"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/CreateUser"] = { path: "/polestage.admin.v1.AdminService/CreateUser", request: messages["polestage.admin.v1.CreateUserRequest"], response: messages["polestage.admin.v1.User"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/AssignAnimator"] = { path: "/polestage.admin.v1.AdminService/AssignAnimator", request: messages["polestage.admin.v1.AssignAnimatorRequest"], response: messages["polestage.admin.v1.User"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/DeactivateUser"] = { path: "/polestage.admin.v1.AdminService/DeactivateUser", request: messages["polestage.admin.v1.UserRef"], response: messages["polestage.admin.v1.User"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/IssueToken"] = { path: "/polestage.admin.v1.AdminService/IssueToken", request: messages["polestage.admin.v1.IssueTokenRequest"], response: messages["polestage.admin.v1.IssuedToken"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/RevokeToken"] = { path: "/polestage.admin.v1.AdminService/RevokeToken", request: messages["polestage.admin.v1.RevokeTokenRequest"], response: messages["polestage.admin.v1.RevokedToken"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ListTokens"] = { path: "/polestage.admin.v1.AdminService/ListTokens", request: messages["polestage.admin.v1.ListTokensRequest"], response: messages["polestage.admin.v1.TokenList"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/InviteUser"] = { path: "/polestage.admin.v1.AdminService/InviteUser", request: messages["polestage.admin.v1.InviteUserRequest"], response: messages["polestage.admin.v1.Invite"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/CreateSchool"] = { path: "/polestage.admin.v1.AdminService/CreateSchool", request: messages["polestage.admin.v1.SchoolDetails"], response: messages["polestage.admin.v1.School"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/UpdateSchool"] = { path: "/polestage.admin.v1.AdminService/UpdateSchool", request: messages["polestage.admin.v1.SchoolDetails"], response: messages["polestage.admin.v1.School"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ImportSchools"] = { path: "/polestage.admin.v1.AdminService/ImportSchools", request: messages["polestage.admin.v1.ImportRequest"], response: messages["polestage.admin.v1.ImportReport"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/CreateCompany"] = { path: "/polestage.admin.v1.AdminService/CreateCompany", request: messages["polestage.admin.v1.CompanyDetails"], response: messages["polestage.admin.v1.Company"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/UpdateCompany"] = { path: "/polestage.admin.v1.AdminService/UpdateCompany", request: messages["polestage.admin.v1.CompanyDetails"], response: messages["polestage.admin.v1.Company"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/SearchCompanies"] = { path: "/polestage.admin.v1.AdminService/SearchCompanies", request: messages["polestage.admin.v1.SearchCompaniesRequest"], response: messages["polestage.admin.v1.CompanyList"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ImportCompanies"] = { path: "/polestage.admin.v1.AdminService/ImportCompanies", request: messages["polestage.admin.v1.ImportRequest"], response: messages["polestage.admin.v1.ImportReport"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/MergeCompanies"] = { path: "/polestage.admin.v1.AdminService/MergeCompanies", request: messages["polestage.admin.v1.MergeCompaniesRequest"], response: messages["polestage.admin.v1.MergeReport"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/GetStatistics"] = { path: "/polestage.admin.v1.AdminService/GetStatistics", request: messages["polestage.admin.v1.StatisticsRequest"], response: messages["polestage.admin.v1.Statistics"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/ListAudit"] = { path: "/polestage.admin.v1.AdminService/ListAudit", request: messages["polestage.admin.v1.ListAuditRequest"], response: messages["polestage.admin.v1.AuditPage"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/Backup"] = { path: "/polestage.admin.v1.AdminService/Backup", request: messages["polestage.admin.v1.BackupRequest"], response: messages["polestage.admin.v1.BackupReport"], serverStreaming: false };
methods["polestage.admin.v1.AdminService/PurgeEndedSchoolYears"] = { path: "/polestage.admin.v1.AdminService/PurgeEndedSchoolYears", request: messages["polestage.admin.v1.PurgeEndedSchoolYearsRequest"], response: messages["polestage.admin.v1.PurgeReport"], serverStreaming: false };
methods["polestage.calendar.v1.CalendarService/SetSchoolPeriods"] = { path: "/polestage.calendar.v1.CalendarService/SetSchoolPeriods", request: messages["polestage.calendar.v1.SetSchoolPeriodsRequest"], response: messages["polestage.calendar.v1.SchoolCalendar"], serverStreaming: false };
methods["polestage.calendar.v1.CalendarService/GetSchoolCalendar"] = { path: "/polestage.calendar.v1.CalendarService/GetSchoolCalendar", request: messages["polestage.calendar.v1.SchoolCalendarRequest"], response: messages["polestage.calendar.v1.SchoolCalendar"], serverStreaming: false };
methods["polestage.calendar.v1.CalendarService/GetBasinCalendar"] = { path: "/polestage.calendar.v1.CalendarService/GetBasinCalendar", request: messages["polestage.calendar.v1.WeekRange"], response: messages["polestage.calendar.v1.BasinCalendar"], serverStreaming: false };
methods["polestage.calendar.v1.CalendarService/GetLoad"] = { path: "/polestage.calendar.v1.CalendarService/GetLoad", request: messages["polestage.calendar.v1.WeekRange"], response: messages["polestage.calendar.v1.Load"], serverStreaming: false };
methods["polestage.contacts.v1.ContactService/AddContact"] = { path: "/polestage.contacts.v1.ContactService/AddContact", request: messages["polestage.contacts.v1.ContactDetails"], response: messages["polestage.contacts.v1.Contact"], serverStreaming: false };
methods["polestage.contacts.v1.ContactService/UpdateContact"] = { path: "/polestage.contacts.v1.ContactService/UpdateContact", request: messages["polestage.contacts.v1.UpdateContactRequest"], response: messages["polestage.contacts.v1.Contact"], serverStreaming: false };
methods["polestage.contacts.v1.ContactService/RemoveContact"] = { path: "/polestage.contacts.v1.ContactService/RemoveContact", request: messages["polestage.contacts.v1.ContactRef"], response: messages["polestage.contacts.v1.Contact"], serverStreaming: false };
methods["polestage.contacts.v1.ContactService/ListContacts"] = { path: "/polestage.contacts.v1.ContactService/ListContacts", request: messages["polestage.contacts.v1.ListContactsRequest"], response: messages["polestage.contacts.v1.ContactList"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/CreateOffer"] = { path: "/polestage.offers.v1.OfferService/CreateOffer", request: messages["polestage.offers.v1.CreateOfferRequest"], response: messages["polestage.offers.v1.Offer"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/UpdateOffer"] = { path: "/polestage.offers.v1.OfferService/UpdateOffer", request: messages["polestage.offers.v1.UpdateOfferRequest"], response: messages["polestage.offers.v1.Offer"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/PublishOffer"] = { path: "/polestage.offers.v1.OfferService/PublishOffer", request: messages["polestage.offers.v1.OfferRef"], response: messages["polestage.offers.v1.Offer"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/WithdrawOffer"] = { path: "/polestage.offers.v1.OfferService/WithdrawOffer", request: messages["polestage.offers.v1.OfferRef"], response: messages["polestage.offers.v1.Offer"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/GetOffer"] = { path: "/polestage.offers.v1.OfferService/GetOffer", request: messages["polestage.offers.v1.OfferRef"], response: messages["polestage.offers.v1.Offer"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/SearchOffers"] = { path: "/polestage.offers.v1.OfferService/SearchOffers", request: messages["polestage.offers.v1.SearchOffersRequest"], response: messages["polestage.offers.v1.SearchOffersResponse"], serverStreaming: false };
methods["polestage.offers.v1.OfferService/Subscribe"] = { path: "/polestage.offers.v1.OfferService/Subscribe", request: messages["polestage.offers.v1.SubscribeRequest"], response: messages["polestage.offers.v1.OfferEvent"], serverStreaming: true };
methods["polestage.offers.v1.OfferService/GetPresence"] = { path: "/polestage.offers.v1.OfferService/GetPresence", request: messages["polestage.offers.v1.GetPresenceRequest"], response: messages["polestage.offers.v1.Presence"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/SavePupil"] = { path: "/polestage.placements.v1.PupilService/SavePupil", request: messages["polestage.placements.v1.SavePupilRequest"], response: messages["polestage.placements.v1.Pupil"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/ImportPupils"] = { path: "/polestage.placements.v1.PupilService/ImportPupils", request: messages["polestage.placements.v1.ImportPupilsRequest"], response: messages["polestage.admin.v1.ImportReport"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/GetRoster"] = { path: "/polestage.placements.v1.PupilService/GetRoster", request: messages["polestage.placements.v1.RosterRequest"], response: messages["polestage.placements.v1.Roster"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/ExportPupil"] = { path: "/polestage.placements.v1.PupilService/ExportPupil", request: messages["polestage.placements.v1.PupilRef"], response: messages["polestage.placements.v1.PupilExport"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/DeletePupil"] = { path: "/polestage.placements.v1.PupilService/DeletePupil", request: messages["polestage.placements.v1.PupilRef"], response: messages["polestage.placements.v1.DeletePupilResponse"], serverStreaming: false };
methods["polestage.placements.v1.PupilService/IssueSignInCode"] = { path: "/polestage.placements.v1.PupilService/IssueSignInCode", request: messages["polestage.placements.v1.PupilRef"], response: messages["polestage.placements.v1.SignInCode"], serverStreaming: false };
methods["polestage.placements.v1.SignInService/RedeemSignInCode"] = { path: "/polestage.placements.v1.SignInService/RedeemSignInCode", request: messages["polestage.placements.v1.RedeemSignInCodeRequest"], response: messages["polestage.placements.v1.PupilSession"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/Apply"] = { path: "/polestage.placements.v1.ApplicationService/Apply", request: messages["polestage.placements.v1.ApplyRequest"], response: messages["polestage.placements.v1.Application"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/AcceptApplication"] = { path: "/polestage.placements.v1.ApplicationService/AcceptApplication", request: messages["polestage.placements.v1.ApplicationRef"], response: messages["polestage.placements.v1.Application"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/DeclineApplication"] = { path: "/polestage.placements.v1.ApplicationService/DeclineApplication", request: messages["polestage.placements.v1.DeclineApplicationRequest"], response: messages["polestage.placements.v1.Application"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/WithdrawApplication"] = { path: "/polestage.placements.v1.ApplicationService/WithdrawApplication", request: messages["polestage.placements.v1.ApplicationRef"], response: messages["polestage.placements.v1.Application"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/ListApplications"] = { path: "/polestage.placements.v1.ApplicationService/ListApplications", request: messages["polestage.placements.v1.ListApplicationsRequest"], response: messages["polestage.placements.v1.ApplicationList"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/GetFollowUp"] = { path: "/polestage.placements.v1.ApplicationService/GetFollowUp", request: messages["polestage.placements.v1.FollowUpRequest"], response: messages["polestage.placements.v1.FollowUp"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/GetPlacementRules"] = { path: "/polestage.placements.v1.ApplicationService/GetPlacementRules", request: messages["polestage.placements.v1.PlacementRulesRequest"], response: messages["polestage.placements.v1.PlacementRules"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/SetPlacementRules"] = { path: "/polestage.placements.v1.ApplicationService/SetPlacementRules", request: messages["polestage.placements.v1.PlacementRules"], response: messages["polestage.placements.v1.PlacementRules"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/ListBoardingHouses"] = { path: "/polestage.placements.v1.ApplicationService/ListBoardingHouses", request: messages["polestage.placements.v1.ListBoardingHousesRequest"], response: messages["polestage.placements.v1.BoardingHouseList"], serverStreaming: false };
methods["polestage.placements.v1.ApplicationService/SaveBoardingHouse"] = { path: "/polestage.placements.v1.ApplicationService/SaveBoardingHouse", request: messages["polestage.placements.v1.SaveBoardingHouseRequest"], response: messages["polestage.placements.v1.BoardingHouse"], serverStreaming: false };
methods["polestage.placements.v1.InboxService/ListInbox"] = { path: "/polestage.placements.v1.InboxService/ListInbox", request: messages["polestage.placements.v1.ListInboxRequest"], response: messages["polestage.placements.v1.InboxPage"], serverStreaming: false };
methods["polestage.placements.v1.InboxService/MarkRead"] = { path: "/polestage.placements.v1.InboxService/MarkRead", request: messages["polestage.placements.v1.MarkReadRequest"], response: messages["polestage.placements.v1.MarkReadResponse"], serverStreaming: false };
methods["polestage.placements.v1.InboxService/WatchInbox"] = { path: "/polestage.placements.v1.InboxService/WatchInbox", request: messages["polestage.placements.v1.WatchInboxRequest"], response: messages["polestage.placements.v1.InboxEvent"], serverStreaming: true };
methods["polestage.practice.v1.PracticeService/SaveResource"] = { path: "/polestage.practice.v1.PracticeService/SaveResource", request: messages["polestage.practice.v1.SaveResourceRequest"], response: messages["polestage.practice.v1.Resource"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/DeleteResource"] = { path: "/polestage.practice.v1.PracticeService/DeleteResource", request: messages["polestage.practice.v1.ResourceRef"], response: messages["polestage.practice.v1.Resource"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/AttachFile"] = { path: "/polestage.practice.v1.PracticeService/AttachFile", request: messages["polestage.practice.v1.AttachFileRequest"], response: messages["polestage.practice.v1.Resource"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/RemoveAttachment"] = { path: "/polestage.practice.v1.PracticeService/RemoveAttachment", request: messages["polestage.practice.v1.AttachmentRef"], response: messages["polestage.practice.v1.Resource"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/GetResource"] = { path: "/polestage.practice.v1.PracticeService/GetResource", request: messages["polestage.practice.v1.ResourceRef"], response: messages["polestage.practice.v1.Resource"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/GetAttachment"] = { path: "/polestage.practice.v1.PracticeService/GetAttachment", request: messages["polestage.practice.v1.AttachmentRef"], response: messages["polestage.practice.v1.AttachmentContent"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/SearchResources"] = { path: "/polestage.practice.v1.PracticeService/SearchResources", request: messages["polestage.practice.v1.SearchResourcesRequest"], response: messages["polestage.practice.v1.ResourcePage"], serverStreaming: false };
methods["polestage.practice.v1.PracticeService/WatchResources"] = { path: "/polestage.practice.v1.PracticeService/WatchResources", request: messages["polestage.practice.v1.WatchResourcesRequest"], response: messages["polestage.practice.v1.ResourceEvent"], serverStreaming: true };
methods["polestage.reservations.v1.ReservationService/RequestSeat"] = { path: "/polestage.reservations.v1.ReservationService/RequestSeat", request: messages["polestage.reservations.v1.RequestSeatRequest"], response: messages["polestage.reservations.v1.Reservation"], serverStreaming: false };
methods["polestage.reservations.v1.ReservationService/ConfirmReservation"] = { path: "/polestage.reservations.v1.ReservationService/ConfirmReservation", request: messages["polestage.reservations.v1.ReservationRef"], response: messages["polestage.reservations.v1.Reservation"], serverStreaming: false };
methods["polestage.reservations.v1.ReservationService/DeclineReservation"] = { path: "/polestage.reservations.v1.ReservationService/DeclineReservation", request: messages["polestage.reservations.v1.ReservationRef"], response: messages["polestage.reservations.v1.Reservation"], serverStreaming: false };
methods["polestage.reservations.v1.ReservationService/CancelReservation"] = { path: "/polestage.reservations.v1.ReservationService/CancelReservation", request: messages["polestage.reservations.v1.ReservationRef"], response: messages["polestage.reservations.v1.Reservation"], serverStreaming: false };
methods["polestage.reservations.v1.ReservationService/ListSchoolReservations"] = { path: "/polestage.reservations.v1.ReservationService/ListSchoolReservations", request: messages["polestage.reservations.v1.ListSchoolReservationsRequest"], response: messages["polestage.reservations.v1.ReservationList"], serverStreaming: false };
methods["polestage.reservations.v1.ReservationService/ListOfferReservations"] = { path: "/polestage.reservations.v1.ReservationService/ListOfferReservations", request: messages["polestage.reservations.v1.ListOfferReservationsRequest"], response: messages["polestage.reservations.v1.ReservationList"], serverStreaming: false };
