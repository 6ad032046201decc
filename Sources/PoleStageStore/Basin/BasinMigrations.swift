import GRDB

/// A basin store's schema. A shipped migration is never edited: a change is a new migration.
enum BasinMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: offers, periods, reservations, calendar, contacts, change log") { db in
            try db.create(table: "offer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("companySiret", .text).notNull()
                t.column("companyName", .text).notNull()
                t.column("tradeCode", .text).notNull()
                t.column("tradeLabel", .text).notNull()
                t.column("title", .text).notNull()
                t.column("description", .text).notNull()
                t.column("levels", .integer).notNull()
                t.column("street", .text).notNull()
                t.column("postalCode", .text).notNull()
                t.column("commune", .text).notNull()
                t.column("latitude", .double).notNull()
                t.column("longitude", .double).notNull()
                t.column("accessible", .boolean).notNull()
                t.column("transitAccess", .text).notNull()
                t.column("reservedForSchool", .text)
                t.column("externalRef", .text)
                t.column("state", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
                t.uniqueKey(["companySiret", "externalRef"])
            }
            try db.create(index: "offer_on_state_tradeCode", on: "offer", columns: ["state", "tradeCode"])
            try db.create(table: "offerPeriod") { t in
                t.column("offerId", .integer).notNull().references("offer", onDelete: .cascade)
                t.column("week", .integer).notNull()
                t.column("seats", .integer).notNull().check { $0 >= 0 }
                // The last guard against overbooking: no transaction can commit more taken seats than seats.
                t.column("taken", .integer).notNull().defaults(to: 0).check(sql: "taken >= 0 AND taken <= seats")
                t.primaryKey(["offerId", "week"])
            }
            try db.create(index: "offerPeriod_on_week", on: "offerPeriod", columns: ["week", "offerId"])
            // Text search: accents folded, kept in step with `offer` by triggers.
            try db.create(virtualTable: "offerText", using: FTS5()) { t in
                t.synchronize(withTable: "offer")
                t.tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])
                t.column("title")
                t.column("description")
                t.column("tradeLabel")
                t.column("companyName")
                t.column("commune")
            }
            // Distance search: a point per offer in an R*Tree, written with the offer.
            try db.execute(sql: "CREATE VIRTUAL TABLE offerLocation USING rtree(id, minLat, maxLat, minLon, maxLon)")
            try db.create(table: "reservation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("offerId", .integer).notNull().references("offer")
                t.column("week", .integer).notNull()
                t.column("schoolUai", .text).notNull()
                t.column("pupilRef", .text).notNull()
                t.column("level", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("expiresAt", .integer).notNull()
                t.column("decidedAt", .integer)
            }
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX reservation_live_per_pupil_and_week
                    ON reservation (schoolUai, pupilRef, week) WHERE state IN ('pending', 'confirmed')
                    """
            )
            try db.create(index: "reservation_on_offerId", on: "reservation", columns: ["offerId"])
            try db.create(index: "reservation_on_schoolUai", on: "reservation", columns: ["schoolUai"])
            try db.create(index: "reservation_on_state_expiresAt", on: "reservation", columns: ["state", "expiresAt"])
            try db.create(table: "schoolPeriod") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("schoolUai", .text).notNull().indexed()
                t.column("level", .integer).notNull()
                t.column("fromWeek", .integer).notNull()
                t.column("toWeek", .integer).notNull()
                t.column("pupils", .integer).notNull()
                t.column("tradeCode", .text)
            }
            try db.create(table: "contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tradeCode", .text).notNull().indexed()
                t.column("companySiret", .text).notNull()
                t.column("companyName", .text).notNull()
                t.column("name", .text).notNull()
                t.column("function", .text).notNull()
                t.column("email", .text).notNull()
                t.column("phone", .text).notNull()
            }
            // Every change to offers and seats, written in the transaction that makes it.
            try db.create(table: "changeLog") { t in
                t.autoIncrementedPrimaryKey("offset")
                t.column("kind", .text).notNull()
                t.column("offerId", .integer).notNull()
                t.column("week", .integer)
                t.column("at", .integer).notNull()
            }
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2: change log payload and epoch") { db in
            try db.alter(table: "changeLog") { t in t.add(column: "payload", .blob) }
            // Entries written before payloads cannot be replayed: they count as pruned.
            let head = try BasinStore.head(db)
            try db.execute(sql: "DELETE FROM changeLog")
            try BasinStore.setMeta(db, "retainedAfter", head)
            try BasinStore.setMeta(db, "epoch", BasinStore.newEpoch())
        }
        migrator.registerMigration("v3: search: narrow offer rows, text prefix index") { db in
            // What a search around a point filters on, one short row per offer: the candidates of a text and radius
            // search are checked without reading their whole offer row (title, description, address). `lastWeek`, the
            // offer's last period, answers "has a period now or later" without reading its periods. Kept in step with
            // `offer` and `offerPeriod` by triggers, in the transaction of every write.
            try db.execute(
                sql: """
                    CREATE TABLE offerSearch (
                      id INTEGER PRIMARY KEY,
                      levels INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      lastWeek INTEGER,
                      reservedForSchool TEXT,
                      latitude DOUBLE NOT NULL,
                      longitude DOUBLE NOT NULL,
                      accessible BOOLEAN NOT NULL,
                      tradeCode TEXT NOT NULL,
                      companySiret TEXT NOT NULL);
                    INSERT INTO offerSearch
                      SELECT id, levels, state, (SELECT max(week) FROM offerPeriod WHERE offerId = offer.id),
                        reservedForSchool, latitude, longitude, accessible, tradeCode, companySiret
                      FROM offer;
                    CREATE TRIGGER offerSearch_offerInserted AFTER INSERT ON offer BEGIN
                      INSERT INTO offerSearch
                        VALUES (new.id, new.levels, new.state, (SELECT max(week) FROM offerPeriod WHERE offerId = new.id),
                          new.reservedForSchool, new.latitude, new.longitude, new.accessible, new.tradeCode,
                          new.companySiret);
                    END;
                    CREATE TRIGGER offerSearch_offerUpdated
                    AFTER UPDATE OF id, levels, state, reservedForSchool, latitude, longitude, accessible, tradeCode,
                      companySiret ON offer
                    BEGIN
                      UPDATE offerSearch SET id = new.id, levels = new.levels, state = new.state,
                        reservedForSchool = new.reservedForSchool, latitude = new.latitude, longitude = new.longitude,
                        accessible = new.accessible, tradeCode = new.tradeCode, companySiret = new.companySiret
                      WHERE id = old.id;
                    END;
                    CREATE TRIGGER offerSearch_offerDeleted AFTER DELETE ON offer BEGIN
                      DELETE FROM offerSearch WHERE id = old.id;
                    END;
                    CREATE TRIGGER offerSearch_periodInserted AFTER INSERT ON offerPeriod BEGIN
                      UPDATE offerSearch SET lastWeek = max(coalesce(lastWeek, new.week), new.week) WHERE id = new.offerId;
                    END;
                    CREATE TRIGGER offerSearch_periodDeleted AFTER DELETE ON offerPeriod BEGIN
                      UPDATE offerSearch SET lastWeek = (SELECT max(week) FROM offerPeriod WHERE offerId = old.offerId)
                      WHERE id = old.offerId;
                    END;
                    CREATE TRIGGER offerSearch_periodMoved AFTER UPDATE OF offerId, week ON offerPeriod BEGIN
                      UPDATE offerSearch SET lastWeek = (SELECT max(week) FROM offerPeriod WHERE offerId = old.offerId)
                      WHERE id = old.offerId;
                      UPDATE offerSearch SET lastWeek = (SELECT max(week) FROM offerPeriod WHERE offerId = new.offerId)
                      WHERE id = new.offerId;
                    END;
                    """
            )
            // The text index again, with prefix indexes: a query for a word's first letters reads one prefix entry's
            // list instead of merging the lists of every word starting with them. Rebuilt from `offer`.
            try db.dropFTS5SynchronizationTriggers(forTable: "offerText")
            try db.drop(table: "offerText")
            try db.create(virtualTable: "offerText", using: FTS5()) { t in
                t.synchronize(withTable: "offer")
                t.tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])
                t.prefixes = [2, 3, 4, 5]
                t.column("title")
                t.column("description")
                t.column("tradeLabel")
                t.column("companyName")
                t.column("commune")
            }
        }
        migrator.registerMigration("v4: pupils, applications, sign-in codes, inbox, reminders") { db in
            // A school's roster for a school year: the pseudonymous reference and what the pôle acts on, nothing else.
            try db.execute(
                sql: """
                    CREATE TABLE pupil (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      schoolYear INTEGER NOT NULL,
                      schoolUai TEXT NOT NULL,
                      ref TEXT NOT NULL,
                      className TEXT NOT NULL,
                      level INTEGER NOT NULL,
                      needsAccessible BOOLEAN NOT NULL,
                      maxKm INTEGER,
                      transitOnly BOOLEAN NOT NULL,
                      qpv BOOLEAN NOT NULL,
                      gender TEXT,
                      UNIQUE (schoolUai, schoolYear, ref));
                    CREATE INDEX pupil_on_schoolYear ON pupil (schoolYear, schoolUai, level);
                    CREATE TABLE application (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      pupilId INTEGER NOT NULL REFERENCES pupil(id) ON DELETE CASCADE,
                      schoolUai TEXT NOT NULL,
                      schoolYear INTEGER NOT NULL,
                      offerId INTEGER NOT NULL REFERENCES offer(id),
                      level INTEGER NOT NULL,
                      fromWeek INTEGER NOT NULL,
                      toWeek INTEGER NOT NULL CHECK (toWeek >= fromWeek),
                      motivation TEXT NOT NULL,
                      madeBy TEXT NOT NULL,
                      state TEXT NOT NULL,
                      declineReason TEXT,
                      declineNote TEXT,
                      createdAt INTEGER NOT NULL,
                      expiresAt INTEGER NOT NULL,
                      decidedAt INTEGER);
                    CREATE INDEX application_on_pupilId ON application (pupilId, state);
                    CREATE INDEX application_on_offerId ON application (offerId, state);
                    CREATE INDEX application_on_schoolUai ON application (schoolUai, schoolYear);
                    CREATE INDEX application_on_state_expiresAt ON application (state, expiresAt);
                    -- A one-time code: only its SHA-256 is kept.
                    CREATE TABLE signInCode (
                      codeHash BLOB PRIMARY KEY,
                      pupilId INTEGER NOT NULL REFERENCES pupil(id) ON DELETE CASCADE,
                      expiresAt INTEGER NOT NULL);
                    CREATE INDEX signInCode_on_pupilId ON signInCode (pupilId);
                    -- Each user's messages, written in the transaction of the event they tell of. The id is the position
                    -- a watcher resumes from. The recipient is 'company:<SIRET>', 'school:<UAI>', 'pupil:<id>' or
                    -- 'basin' (its animators).
                    CREATE TABLE inboxMessage (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      recipient TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      applicationId INTEGER REFERENCES application(id) ON DELETE SET NULL,
                      offerId INTEGER,
                      at INTEGER NOT NULL,
                      readAt INTEGER,
                      text TEXT NOT NULL);
                    CREATE INDEX inboxMessage_on_recipient ON inboxMessage (recipient, id);
                    -- Reminders due later: kept in the store, so that a restart loses none.
                    CREATE TABLE reminder (
                      applicationId INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
                      days INTEGER NOT NULL,
                      dueAt INTEGER NOT NULL,
                      PRIMARY KEY (applicationId, days));
                    CREATE INDEX reminder_on_dueAt ON reminder (dueAt);
                    -- The version of each offer its company was told to update, so that it is told once.
                    CREATE TABLE offerToUpdateNotice (
                      offerId INTEGER PRIMARY KEY REFERENCES offer(id) ON DELETE CASCADE,
                      version INTEGER NOT NULL);
                    -- Each webhook URL's place in the inbox: the last message handed over (delivered or dead-lettered),
                    -- and the failed attempts at the next one.
                    CREATE TABLE webhookCursor (
                      url TEXT PRIMARY KEY,
                      delivered INTEGER NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      nextAttemptAt INTEGER NOT NULL DEFAULT 0,
                      lastError TEXT);
                    CREATE TABLE webhookDeadLetter (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      url TEXT NOT NULL,
                      messageId INTEGER NOT NULL,
                      at INTEGER NOT NULL,
                      error TEXT NOT NULL);
                    """
            )
            try BasinStore.setMeta(db, "inboxEpoch", BasinStore.newEpoch())
        }
        migrator.registerMigration("v5: priority access: when an offer was first published") { db in
            // The priority window counts from an offer's first publication; offers published before have none.
            try db.execute(sql: "ALTER TABLE offer ADD COLUMN publishedAt INTEGER")
        }
        migrator.registerMigration("v6: priority access: the window's end, held seats, priority claims") { db in
            try db.execute(
                sql: """
                    -- Until when only priority pupils may apply: the first publication plus the basin's window.
                    ALTER TABLE offer ADD COLUMN priorityUntil INTEGER;
                    -- Per week: the seats held for priority pupils, until when, and how many priority pupils hold.
                    ALTER TABLE offerPeriod ADD COLUMN reserved INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE offerPeriod ADD COLUMN reservedUntil INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE offerPeriod ADD COLUMN priorityTaken INTEGER NOT NULL DEFAULT 0
                      CHECK (priorityTaken >= 0);
                    -- Whether the seats were taken as a priority pupil: freeing them gives them back to the held share.
                    ALTER TABLE application ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE reservation ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                    """
            )
            // The offers already published get the rules in force.
            try BasinStore.applyPriorityRules(db, try BasinStore.rules(db))
        }
        migrator.registerMigration("v7: structured accessibility of offers and needs of pupils") { db in
            try db.execute(
                sql: """
                    -- What an offer provides (step-free access, adapted tasks, a trained tutor), as bits; an offer said
                    -- accessible before provided all three. The bits are the one fact: the short search rows read
                    -- "accessible" from them, and the old column goes.
                    ALTER TABLE offer ADD COLUMN accessibility INTEGER NOT NULL DEFAULT 0;
                    UPDATE offer SET accessibility = \(AccessFeature.mask(of: Set(AccessFeature.allCases))) WHERE accessible;
                    DROP TRIGGER offerSearch_offerInserted;
                    DROP TRIGGER offerSearch_offerUpdated;
                    CREATE TRIGGER offerSearch_offerInserted AFTER INSERT ON offer BEGIN
                      INSERT INTO offerSearch
                        VALUES (new.id, new.levels, new.state, (SELECT max(week) FROM offerPeriod WHERE offerId = new.id),
                          new.reservedForSchool, new.latitude, new.longitude, new.accessibility != 0, new.tradeCode,
                          new.companySiret);
                    END;
                    CREATE TRIGGER offerSearch_offerUpdated
                    AFTER UPDATE OF id, levels, state, reservedForSchool, latitude, longitude, accessibility, tradeCode,
                      companySiret ON offer
                    BEGIN
                      UPDATE offerSearch SET id = new.id, levels = new.levels, state = new.state,
                        reservedForSchool = new.reservedForSchool, latitude = new.latitude, longitude = new.longitude,
                        accessible = new.accessibility != 0, tradeCode = new.tradeCode, companySiret = new.companySiret
                      WHERE id = old.id;
                    END;
                    ALTER TABLE offer DROP COLUMN accessible;
                    -- What a pupil needs, as the same bits; none with needsAccessible: any accessible placement.
                    ALTER TABLE pupil ADD COLUMN needs INTEGER NOT NULL DEFAULT 0;
                    """
            )
        }
        migrator.registerMigration("v8: mobility: how a placement is reached, and what it provides") { db in
            try db.execute(
                sql: """
                    -- The nearest public-transport stop (NULL: none serves it), its lines ('|' between them), the walk.
                    ALTER TABLE offer ADD COLUMN transitStop TEXT;
                    ALTER TABLE offer ADD COLUMN transitLines TEXT NOT NULL DEFAULT '';
                    ALTER TABLE offer ADD COLUMN walkMinutes INTEGER;
                    ALTER TABLE offer ADD COLUMN lunchProvided BOOLEAN NOT NULL DEFAULT 0;
                    ALTER TABLE offer ADD COLUMN lodgingProvided BOOLEAN NOT NULL DEFAULT 0;
                    """
            )
        }
        migrator.registerMigration("v9: boarding houses, and the places applications hold in them") { db in
            try db.execute(
                sql: """
                    -- The basin's boarding houses (internats) taking pupils during placement weeks.
                    CREATE TABLE boardingHouse (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      name TEXT NOT NULL,
                      commune TEXT NOT NULL,
                      latitude DOUBLE NOT NULL,
                      longitude DOUBLE NOT NULL,
                      conditions TEXT NOT NULL,
                      updatedAt INTEGER NOT NULL);
                    -- Places per week; like seats, the last guard against overbooking is the CHECK.
                    CREATE TABLE boardingWeek (
                      houseId INTEGER NOT NULL REFERENCES boardingHouse(id) ON DELETE CASCADE,
                      week INTEGER NOT NULL,
                      places INTEGER NOT NULL CHECK (places >= 0),
                      taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= places),
                      PRIMARY KEY (houseId, week));
                    -- The house an application holds a place in, every week of its period, while it is live.
                    ALTER TABLE application ADD COLUMN boardingHouseId INTEGER REFERENCES boardingHouse(id);
                    """
            )
        }
        migrator.registerMigration("v10: the basin's resources of the good-practice space") { db in
            try PracticeTables.create(db)
        }
        return migrator
    }
}
