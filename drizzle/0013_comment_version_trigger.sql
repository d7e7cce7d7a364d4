-- A comment's `version` changes whenever anything a thread shows of it changes (issue 14): a render
-- reads (id, version) from the thread index and reuses the rest of the row from memory while the
-- version is the same (src/store/sqlite-row-memo.ts). A trigger, not the UPDATE statements, so that
-- every writer bumps it: each store method, D1, the CLI, an import, another process. A new random
-- number (53 bits, exact in a JS number) rather than +1: an id that an import gives back after a
-- purge cannot meet the version its old row had. `status` is not listed: which comments a thread has
-- is read from the index on every render. (recursive_triggers is off: this UPDATE fires nothing.)
-- Hand-written (drizzle-kit cannot describe triggers): `drizzle-kit generate --custom`.
CREATE TRIGGER `comments_version` AFTER UPDATE OF `parent_id`, `name`, `url`, `avatar`, `moderator`, `html`,
  `deleted`, `created_at`, `edited_at`, `source`, `source_id`, `reactions`, `featured` ON `comments`
BEGIN
  UPDATE `comments` SET `version` = random() & 9007199254740991 WHERE `id` = new.`id`;
END;
