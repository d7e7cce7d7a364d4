// `parley moderator …` and `parley token …`: moderators and API tokens with their role and sites.
import { z } from 'zod';
import { emailSchema, nameSchema, siteSlugSchema } from './comments/input.js';
import { AppError } from './errors.js';
import { hashPassword } from './moderation/password.js';
import { accessFromInput, changeModerator, createToken, listModerators, listTokens, removeModerator } from './moderation/roles-service.js';
import { roles, type Role } from './moderation/roles.js';
import type { Actor, Store } from './store/types.js';

export const ROLES_USAGE = `  moderator add --email EMAIL --name NAME [--role admin|moderator] [--sites a,b] [--password-stdin]
                                  create a moderator (or reset their password). Without --role a
                                  new account is a moderator of --sites, except the first account
                                  of a database, which is an admin; an existing one keeps its role
  moderator list                  list moderators with their role and sites
  moderator edit EMAIL|ID [--role admin|moderator] [--sites a,b]
                                  change a moderator's role or sites
  moderator remove EMAIL|ID       remove a moderator (and the tokens they made)
  token create --name NAME [--role admin|moderator] [--sites a,b]
                                  create an API token (printed once); without --role an admin
                                  token, as before roles existed
  token list                      list API tokens with their role and sites
  token revoke NAME|ID            revoke an API token`;

export class RolesUsageError extends Error {}

/** The command line acts as the operator, who holds the database itself. */
const CLI_ACTOR: Actor = { type: 'system', id: 0, name: 'command line', email: '' };

export interface RolesArgs {
  email?: string;
  name?: string;
  role?: string;
  sites?: string;
  password: () => Promise<string>;
}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new RolesUsageError(`${what}: ${result.error.issues[0]?.message ?? 'not valid'}`);
  return result.data;
}

const roleOf = (value: string | undefined): Role | undefined => (value === undefined ? undefined : check(z.enum(roles), value, '--role'));

function sitesOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const slugs = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return slugs.map((slug) => check(siteSlugSchema, slug, '--sites'));
}

const describe = (x: { role: Role; sites: string[] }) => (x.role === 'admin' ? 'admin' : `moderator of ${x.sites.length > 0 ? x.sites.join(', ') : 'no site yet'}`);

/** Runs a moderator or token command; null when the command is not one of these. */
export async function runRoles(command: string, arg: string | undefined, args: RolesArgs, store: Store, now: number): Promise<number | null> {
  const deps = { store, now: () => now };
  try {
    switch (command) {
      case 'moderator add': {
        const email = check(emailSchema, args.email, '--email').toLowerCase();
        const name = check(nameSchema, args.name, '--name');
        const role = roleOf(args.role);
        const sites = sitesOf(args.sites);
        const password = await args.password();
        check(z.string().min(8, 'at least 8 characters').max(1024), password, 'password');
        const everyone = await listModerators(deps);
        const existing = everyone.find((m) => m.email === email);
        const passwordHash = await hashPassword(password);
        if (!existing) {
          // The first account of a database is an admin, so that a new install can be run at all.
          const chosen = role ?? (everyone.some((m) => m.role === 'admin') ? 'moderator' : 'admin');
          const access = await accessFromInput(store, { role: chosen, sites: sites ?? [] });
          const audit = { actor: CLI_ACTOR, action: 'moderator.create', detail: { email, role: chosen, sites: chosen === 'admin' ? [] : (sites ?? []) }, at: now };
          if (!(await store.createModerator({ email, name, passwordHash, access }, audit, now))) throw new Error('the moderator was not saved');
          console.log(`Created moderator ${email} (${describe({ role: chosen, sites: chosen === 'admin' ? [] : (sites ?? []) })}).`);
          return 0;
        }
        // An existing account: the new password and name, and its access only when asked to change it.
        if (role !== undefined || sites !== undefined) await accessFromInput(store, { role: role ?? existing.role, sites: sites ?? existing.sites });
        await store.upsertModerator(email, name, passwordHash, now);
        const after = role !== undefined || sites !== undefined ? await changeModerator(deps, existing.id, { role, sites }, CLI_ACTOR) : existing;
        console.log(`Updated moderator ${email} (${describe(after)}).`);
        return 0;
      }
      case 'moderator list': {
        for (const m of await listModerators(deps)) console.log(`${m.id}\t${m.email}\t${m.name}\t${m.role}\t${m.sites.join(',')}`);
        return 0;
      }
      case 'moderator edit':
      case 'moderator remove': {
        if (!arg) throw new RolesUsageError('name the moderator (email or id)');
        const moderator = (await listModerators(deps)).find((m) => m.email === arg.toLowerCase() || String(m.id) === arg);
        if (!moderator) {
          console.error(`No moderator "${arg}".`);
          return 1;
        }
        if (command === 'moderator remove') {
          await removeModerator(deps, moderator.id, CLI_ACTOR);
          console.log(`Removed moderator ${moderator.email}.`);
          return 0;
        }
        const role = roleOf(args.role);
        const sites = sitesOf(args.sites);
        if (role === undefined && sites === undefined) throw new RolesUsageError('give --role, --sites or both');
        const changed = await changeModerator(deps, moderator.id, { role, sites }, CLI_ACTOR);
        console.log(`Moderator ${changed.email} is now ${describe(changed)}.`);
        return 0;
      }
      case 'token create': {
        const name = check(z.string().trim().min(1).max(100), args.name, '--name');
        const role = roleOf(args.role) ?? 'admin';
        const sites = sitesOf(args.sites) ?? [];
        if (role === 'admin' && sites.length > 0) throw new RolesUsageError('--sites is for --role moderator (an admin token reaches every site)');
        await accessFromInput(store, { role, sites });
        const { token, secret } = await createToken(deps, { name, role, sites }, CLI_ACTOR, null);
        console.log(secret);
        console.error(`Token "${token.name}": ${describe(token)}. It is shown only once. Use it as: Authorization: Bearer <token>`);
        return 0;
      }
      case 'token list': {
        for (const t of await listTokens(deps)) {
          const used = t.lastUsedAt ?? 'never';
          console.log(`${t.id}\t${t.name}\tcreated ${t.createdAt}\tlast used ${used}\t${t.role}\t${t.sites.join(',')}`);
        }
        return 0;
      }
      default:
        return null;
    }
  } catch (err) {
    // The service's refusals (an unknown site, a taken name, the last admin) are the user's to fix.
    if (err instanceof AppError) {
      console.error(`parley: ${err.fields ? Object.values(err.fields).join(' ') : err.message}`);
      return err.code === 'validation_failed' ? 2 : 1;
    }
    throw err;
  }
}
