import GRDB

/// The tables of a library of the good-practice space, the same in a basin's store and in the academy store.
enum PracticeTables {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A resource; a deleted one stays as a tombstone (deleted = 1, no text, tags or files) for watchers.
                CREATE TABLE resource (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  title TEXT NOT NULL,
                  kind INTEGER NOT NULL,
                  audience INTEGER NOT NULL,
                  body TEXT NOT NULL,
                  -- Each tag between spaces: ' guide tuteur '.
                  tags TEXT NOT NULL,
                  eventStartsAt INTEGER,
                  eventPlace TEXT NOT NULL DEFAULT '',
                  authorRole TEXT NOT NULL,
                  version INTEGER NOT NULL,
                  createdAt INTEGER NOT NULL,
                  updatedAt INTEGER NOT NULL,
                  -- Grows with every change to any resource: where watchers are.
                  revision INTEGER NOT NULL,
                  deleted BOOLEAN NOT NULL DEFAULT 0);
                CREATE UNIQUE INDEX resource_on_revision ON resource(revision);
                CREATE INDEX resource_on_updatedAt ON resource(updatedAt);
                CREATE TABLE resourceFile (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  resourceId INTEGER NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
                  fileName TEXT NOT NULL,
                  mediaType TEXT NOT NULL,
                  size INTEGER NOT NULL,
                  sha256 TEXT NOT NULL,
                  content BLOB NOT NULL);
                CREATE INDEX resourceFile_on_resourceId ON resourceFile(resourceId);
                """
        )
        // Accents and case folded, as for offers: "evaluation" finds "Évaluation".
        try db.create(virtualTable: "resourceText", using: FTS5()) { t in
            t.synchronize(withTable: "resource")
            t.tokenizer = FTS5TokenizerDescriptor(components: ["unicode61", "remove_diacritics", "2"])
            t.column("title")
            t.column("body")
            t.column("tags")
        }
    }
}
