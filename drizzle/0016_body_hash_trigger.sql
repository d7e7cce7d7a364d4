-- `body_hash` (schema.ts) is the hash of `body_source` as a POST's insert wrote it; the duplicate check
-- seeks it in comments_email_lower and also reads the rows whose hash is 0 (not known). A trigger, not
-- the UPDATE statements, so that every writer that changes a body (an author's or a moderator's edit,
-- a scrub, D1, the CLI, another process) leaves 0 behind: a stale hash would hide a duplicate. It does
-- not touch `version` or the search index (neither trigger lists `body_hash`).
-- Hand-written (drizzle-kit cannot describe triggers): `drizzle-kit generate --custom`.
CREATE TRIGGER `comments_body_hash` AFTER UPDATE OF `body_source` ON `comments`
WHEN new.`body_hash` <> 0
BEGIN
  UPDATE `comments` SET `body_hash` = 0 WHERE `id` = new.`id`;
END;
