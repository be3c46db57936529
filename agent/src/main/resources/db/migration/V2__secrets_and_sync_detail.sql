-- Secret values, encrypted (AES-GCM) for the executors that need them; never readable here.
CREATE TABLE secret_value (
  resource_key TEXT NOT NULL REFERENCES resource (key) ON DELETE CASCADE,
  pointer      TEXT NOT NULL,              -- JSON pointer of the value in the manifest
  nonce        BLOB NOT NULL,
  ciphertext   BLOB NOT NULL,
  PRIMARY KEY (resource_key, pointer)
);

-- What a sync saw: the branch it resolved, how many files changed, how many resources it left alone.
ALTER TABLE sync ADD COLUMN branch TEXT NOT NULL DEFAULT '';
ALTER TABLE sync ADD COLUMN files_changed INTEGER;
ALTER TABLE sync ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0;

CREATE INDEX event_sync ON event (sync_id);
CREATE INDEX event_resource ON event (resource_key, id);
