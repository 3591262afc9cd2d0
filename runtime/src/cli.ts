/**
 * The folyam command line: `start` (migrate, install the CRM into an empty database, seed demo data, serve),
 * `migrate`, `seed`, `user add`, `token create`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createApiToken,
  createPlatform,
  createUser,
  findUserByName,
  loadConfig,
  migrate,
  createDatabase,
  type Platform,
} from '@folyam/platform';
import { configFromEnv } from '@folyam/connectors';
import { bootstrap } from './bootstrap.ts';
import { createServer } from './server.ts';

const USAGE = `Usage: folyam <command>
  start                      migrate, install the CRM sample into an empty database, seed demo data, serve
  migrate                    bring the platform tables up to date
  seed                       install the CRM sample and its demo data if missing
  user add <username> --password <pw> [--name <display name>] [--roles a,b] [--email e]
  token create <username> <token name>
Environment: PORT (3000), FOLYAM_DATA_DIR (./data), DATABASE_URL (sqlite in the data dir, or mysql://…),
             FOLYAM_ADMIN_PASSWORD and FOLYAM_DEMO_PASSWORD (generated and printed when unset),
             FOLYAM_SEED_DEMO=0 to skip demo data and demo users.
Messaging:   FOLYAM_SMTP_URL, FOLYAM_MAIL_FROM, FOLYAM_TWILIO_ACCOUNT_SID/_AUTH_TOKEN/_FROM, FOLYAM_FAX_GATEWAY
             (unset: messages are held, not sent), FOLYAM_PUBLIC_URL (for provider callbacks),
             FOLYAM_WEBHOOK_SECRET (bounce webhook), FOLYAM_RATE_EMAIL / FOLYAM_RATE_SMS (sends per second),
             FOLYAM_UNSUBSCRIBE_MAILTO (List-Unsubscribe mailto), FOLYAM_SMS_OPT_OUT (text after marketing SMS).`;

async function withPlatform<T>(fn: (p: Platform) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const platform = await createPlatform({
    databaseUrl: config.databaseUrl,
    filesDir: path.join(config.dataDir, 'files'),
  });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

async function start(): Promise<void> {
  const config = loadConfig();
  const platform = await createPlatform({
    databaseUrl: config.databaseUrl,
    filesDir: path.join(config.dataDir, 'files'),
    backgroundCheckpoint: true,
  });
  const boot = await bootstrap(platform, {
    adminPassword: config.adminPassword,
    seedDemo: config.seedDemo,
    demoPassword: config.demoPassword,
    log: (s) => console.log(s),
  });
  const server = await createServer({
    platform,
    port: config.port,
    host: config.host,
    sessionTtlHours: config.sessionTtlHours,
    secureCookies: config.secureCookies,
    messaging: messagingFromEnv(process.env),
  });
  await server.start();
  platform.jobs.start();
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shown}:${server.info.port}/`;
  console.log('');
  console.log(`Folyam is running at ${url}  (database: ${platform.dialect})`);
  console.log(`API docs: ${url}api/docs`);
  if (boot.adminCreated) {
    console.log(
      `Log in as: admin / ${boot.generatedPassword ? boot.adminPassword + '   (generated: set FOLYAM_ADMIN_PASSWORD to choose one)' : '(the password in FOLYAM_ADMIN_PASSWORD)'}`,
    );
  } else {
    console.log('Log in as: admin (the password set when this database was created)');
  }
  if (boot.demoUsers.length) {
    const how = boot.generatedDemoPassword
      ? '   (generated: set FOLYAM_DEMO_PASSWORD to choose one)'
      : '   (FOLYAM_DEMO_PASSWORD)';
    console.log(`Demo users: ${boot.demoUsers.join(', ')} / ${boot.demoPassword}${how}`);
  }
  if (boot.seeded)
    console.log(
      `Demo data: ${Object.entries(boot.seeded)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
  const stop = async (signal: string) => {
    console.log(`${signal}: stopping…`);
    // Jobs first: a send in flight finishes before the server (and with it the SMTP pools) stops.
    await platform.jobs.stop();
    await server.stop({ timeout: 5000 });
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Messaging settings from the environment: connectors, public URL, webhook secret, sends per second. */
function messagingFromEnv(env: NodeJS.ProcessEnv) {
  const rate = (name: string) => {
    const n = Number(env[name]);
    return env[name] && n > 0 ? { perSecond: n } : undefined;
  };
  return {
    connectors: configFromEnv(env),
    publicUrl: env.FOLYAM_PUBLIC_URL || undefined,
    webhookSecret: env.FOLYAM_WEBHOOK_SECRET || undefined,
    unsubscribeMailto: env.FOLYAM_UNSUBSCRIBE_MAILTO || undefined,
    smsOptOutText: env.FOLYAM_SMS_OPT_OUT || undefined,
    rateLimits: { email: rate('FOLYAM_RATE_EMAIL'), sms: rate('FOLYAM_RATE_SMS'), fax: rate('FOLYAM_RATE_FAX') },
  };
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'migrate': {
      const config = loadConfig();
      const db = createDatabase(config.databaseUrl);
      try {
        const ran = await migrate(db.knex, db.dialect);
        console.log(ran.length ? `Ran: ${ran.join(', ')}` : 'Already up to date.');
      } finally {
        await db.close();
      }
      return;
    }
    case 'seed':
      return withPlatform(async (p) => {
        const config = loadConfig();
        const boot = await bootstrap(p, {
          adminPassword: config.adminPassword,
          demoPassword: config.demoPassword,
          seedDemo: true,
          log: console.log,
        });
        if (boot.adminCreated && boot.generatedPassword) console.log(`admin password: ${boot.adminPassword}`);
        if (boot.demoUsers.length)
          console.log(`demo users (${boot.demoUsers.join(', ')}) password: ${boot.demoPassword}`);
        console.log(boot.seeded ? 'Seeded.' : 'Nothing to seed: data is already there.');
      });
    case 'user': {
      if (sub !== 'add') break;
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          password: { type: 'string' },
          name: { type: 'string' },
          roles: { type: 'string' },
          email: { type: 'string' },
        },
      });
      const username = positionals[0];
      if (!username || !values.password) break;
      return withPlatform(async (p) => {
        const u = await createUser(p.knex, p.clock, {
          username,
          password: values.password!,
          displayName: values.name,
          email: values.email,
          roles: values.roles ? values.roles.split(',').map((s) => s.trim()) : [],
        });
        console.log(`Created user ${u.username} (${u.id}) with roles: ${u.roles.join(', ') || '—'}`);
      });
    }
    case 'token': {
      if (sub !== 'create' || rest.length < 2) break;
      return withPlatform(async (p) => {
        const user = await findUserByName(p.knex, rest[0]);
        if (!user) throw new Error(`No user named ${rest[0]}`);
        const t = await createApiToken(p.knex, p.clock, user.id, rest.slice(1).join(' '));
        console.log(t.token);
      });
    }
  }
  console.error(USAGE);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const err = e as { messages?: { en: string }; details?: { path: string; message: { en: string } }[] };
  console.error(
    err.messages ? `${err.messages.en} ${(err.details ?? []).map((d) => `${d.path}: ${d.message.en}`).join('; ')}` : e,
  );
  process.exit(1);
});
