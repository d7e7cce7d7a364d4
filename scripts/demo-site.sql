-- The demo site for `npm run dev:worker` (wrangler dev serves on :8787), as `npm start` creates it on Node.
INSERT OR IGNORE INTO sites (slug, settings, created_at)
VALUES ('demo', '{"origins":["http://localhost:8787","http://127.0.0.1:8787"]}', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
