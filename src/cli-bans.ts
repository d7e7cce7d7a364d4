// `parley ban add|list|lift`: a site's bans from the command line, through the same domain code
// (and so the same normalisation, checks and audit entries) as the API and the moderator UI.
import { parseArgs } from 'node:util';
import { parseConfig } from './config.js';
import { AppError } from './errors.js';
import { newBanSchema } from './moderation/bans-input.js';
import { createBan, liftBan, listBans, type BanView } from './moderation/bans.js';
import type { ModerationDeps } from './moderation/service.js';
import { openDatabase } from './node/database.js';
import type { Actor } from './store/types.js';

export const BAN_USAGE = `  ban add --site SLUG --kind email|ip|domain --value VALUE [--until DATE] [--note TEXT]
                                  ban an email, email domain or IP (anonymised) on a site
  ban list --site SLUG            list a site's bans (expired ones marked)
  ban lift ID --site SLUG         lift a ban`;

const CLI_ACTOR: Actor = { type: 'system', id: 0, name: 'command line', email: '' };

const line = (b: BanView) =>
  [b.id, b.kind, b.value, b.expired ? 'expired' : 'active', b.until ?? 'for good', b.note ?? ''].join('\t');

export async function runBans(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { site: { type: 'string' }, kind: { type: 'string' }, value: { type: 'string' }, until: { type: 'string' }, note: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (command !== 'add' && command !== 'list' && command !== 'lift') {
    console.error(`parley: ban add, ban list or ban lift\n${BAN_USAGE}`);
    return 2;
  }
  const config = parseConfig(process.env);
  const db = openDatabase(config.PARLEY_DB);
  const deps: ModerationDeps = { store: db.store, secret: '', now: Date.now, onEvents: () => undefined };
  try {
    if (command === 'add') {
      const input = newBanSchema.safeParse({ site: values.site, kind: values.kind, value: values.value, until: values.until, note: values.note });
      if (!input.success) {
        const issue = input.error.issues[0];
        console.error(`parley: --${String(issue?.path[0] ?? 'value')}: ${issue?.message ?? 'not valid'}`);
        return 2;
      }
      console.log(line(await createBan(deps, input.data, CLI_ACTOR)));
      return 0;
    }
    const site = values.site ?? '';
    if (command === 'list') {
      for (const ban of await listBans(deps, site, 1000)) console.log(line(ban));
      return 0;
    }
    if (!id || !/^[1-9][0-9]{0,14}$/.test(id)) {
      console.error('parley: ban lift ID --site SLUG (ID is the number ban list shows)');
      return 2;
    }
    await liftBan(deps, site, Number(id), CLI_ACTOR);
    console.log(`Lifted ban ${id}.`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = err.fields ? Object.keys(err.fields)[0] : undefined;
    console.error(`parley: ${field ? `--${field}: ` : ''}${err.message}`);
    return err.code === 'validation_failed' || err.code === 'bad_request' ? 2 : 1;
  } finally {
    db.close();
  }
}
