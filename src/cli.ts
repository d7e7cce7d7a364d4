// `npx parley <command>`: moderators, API tokens and sites from the command line (Node only).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { siteSlugSchema } from './comments/input.js';
import { originSchema, siteSettingsSchema } from './comments/settings.js';
import { BACKUP_USAGE, runBackup } from './cli-backup.js';
import { BAN_USAGE, runBans } from './cli-bans.js';
import { EXPORT_USAGE, runExport } from './cli-export.js';
import { IMPORT_USAGE, ImportUsageError, runImport } from './cli-import.js';
import { ConfigError, parseConfig } from './config.js';
import { ROLES_USAGE, RolesUsageError, runRoles } from './cli-roles.js';
import { openDatabase } from './node/database.js';

const USAGE = `Usage: parley <command>

${ROLES_USAGE}
  site add SLUG --origin URL [--origin URL …]
                                  create a site that embeds Parley
  site list                       list sites
${BAN_USAGE}
${EXPORT_USAGE}
${IMPORT_USAGE}
${BACKUP_USAGE}

The database is PARLEY_DB (default ./data/parley.db).`;

class UsageError extends Error {}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what}: ${result.error.issues[0]?.message ?? 'not valid'}`);
  return result.data;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) throw new UsageError('no terminal to ask for the password: use --password-stdin');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Do not echo what is typed.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Password: ');
  output._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'export') return runExport(argv.slice(1));
  if (argv[0] === 'import') return runImport(argv.slice(1));
  if (argv[0] === 'backup' || argv[0] === 'restore') return runBackup(argv[0], argv.slice(1));
  if (argv[0] === 'ban') return runBans(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      role: { type: 'string' },
      sites: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, command, arg] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = parseConfig(process.env);
  const db = openDatabase(config.PARLEY_DB);
  const { store } = db;
  const now = Date.now();
  try {
    const roles = await runRoles(`${group} ${command ?? ''}`, arg, { ...values, password: () => readPassword(values['password-stdin'] === true) }, store, now);
    if (roles !== null) return roles;
    switch (`${group} ${command ?? ''}`) {
      case 'token revoke': {
        if (!arg) throw new UsageError('name the token to revoke');
        if (!(await store.revokeApiToken(arg))) {
          console.error(`No token "${arg}".`);
          return 1;
        }
        console.log(`Revoked token ${arg}.`);
        return 0;
      }
      case 'site add': {
        const slug = check(siteSlugSchema, arg, 'site');
        const origins = check(z.array(originSchema).min(1, 'give at least one --origin'), values.origin ?? [], '--origin');
        if (await store.getSite(slug)) {
          console.error(`Site "${slug}" exists already.`);
          return 1;
        }
        await store.saveSite(slug, siteSettingsSchema.parse({ origins }), now);
        console.log(`Created site ${slug} for ${origins.join(', ')}.`);
        return 0;
      }
      case 'site list': {
        for (const s of await store.listSites()) console.log(`${s.slug}\t${s.settings.origins.join(' ')}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    }
  } finally {
    db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ImportUsageError || err instanceof RolesUsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`parley: ${err.message}\nRun "parley --help" to see the commands.`);
      process.exitCode = 2;
    } else if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`parley: ${problem}`);
      process.exitCode = 1;
    } else {
      console.error(`parley: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  },
);
