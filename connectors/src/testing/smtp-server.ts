/**
 * A real SMTP server on loopback (smtp-server), for tests: it keeps every message it accepts — envelope, raw
 * bytes and the mailparser reading of it — and can be told to refuse a recipient with a chosen reply or to drop
 * connections mid-transaction, the way real servers misbehave.
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export type ReceivedMail = {
  envelope: { from: string; to: string[]; dsn?: { envid?: string; ret?: string } };
  raw: Buffer;
  parsed: ParsedMail;
  /** Header lookup by lowercase name, as mailparser decoded it. */
  header(name: string): string | undefined;
  html: string | undefined;
  text: string | undefined;
  attachments: ParsedMail['attachments'];
  /** Which TCP connection delivered it (a pool test counts them). */
  connectionId: string;
  user?: string;
};

export type SmtpServerFake = {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:PORT` (with `user:pass@` when the server was started with users). */
  url: string;
  messages: ReceivedMail[];
  /** TCP connections opened so far. */
  readonly connections: number;
  /** Refuses matching recipients at RCPT TO, `550 5.1.1 User unknown` unless told otherwise. */
  rejectRecipient(match: string | RegExp, code?: number, message?: string): void;
  /** Drops the TCP connection at the given stage of every following transaction; `false` stops it. */
  dropConnections(at: 'mail' | 'rcpt' | 'data' | false): void;
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export type SmtpServerFakeOptions = {
  port?: number;
  /** Require AUTH with these credentials (`{ user: 'pass' }`); without it, AUTH is not offered. */
  users?: Record<string, string>;
  /** Offer the DSN extension, so ENVID/RET/NOTIFY reach the envelope. */
  dsn?: boolean;
};

type Rule = { match: string | RegExp; code: number; message: string };

/** `const smtp = await startSmtpServer(); … smtp.messages[0].header('list-unsubscribe'); await smtp.close()` */
export async function startSmtpServer(opts: SmtpServerFakeOptions = {}): Promise<SmtpServerFake> {
  const messages: ReceivedMail[] = [];
  const rules: Rule[] = [
    { match: /^unknown@/i, code: 550, message: '5.1.1 <{address}>: Recipient address rejected: User unknown' },
  ];
  const sockets = new Map<number, Socket>();
  const waiters: Array<() => void> = [];
  let connections = 0;
  let dropAt: 'mail' | 'rcpt' | 'data' | false = false;
  const auth = opts.users && Object.keys(opts.users).length > 0;

  const drop = (session: SMTPServerSession): boolean => {
    const s = sockets.get(session.remotePort);
    if (!s) return false;
    s.destroy();
    return true;
  };
  const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

  const server = new SMTPServer({
    logger: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    hideDSN: !opts.dsn,
    disableReverseLookup: true,
    size: 25 * 1024 * 1024,
    onAuth(a, _session, cb) {
      if (opts.users && a.username && opts.users[a.username] === a.password) return cb(null, { user: a.username });
      cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, cb) {
      if (dropAt === 'mail' && drop(session)) return;
      cb();
    },
    onRcptTo(address, session, cb) {
      if (dropAt === 'rcpt' && drop(session)) return;
      const rule = rules.find((r) =>
        typeof r.match === 'string'
          ? r.match.toLowerCase() === address.address.toLowerCase()
          : r.match.test(address.address),
      );
      if (rule) return cb(smtpError(rule.code, rule.message.replace('{address}', address.address)));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (dropAt === 'data' && drop(session)) return;
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { skipTextToHtml: true })
          .then((parsed) => {
            const env = session.envelope;
            const dsn = env.dsn ? { envid: env.dsn.envid ?? undefined, ret: env.dsn.ret ?? undefined } : undefined;
            messages.push({
              envelope: {
                from: env.mailFrom ? env.mailFrom.address : '',
                to: env.rcptTo.map((r) => r.address),
                ...(dsn ? { dsn } : {}),
              },
              raw,
              parsed,
              header: (name) => headerText(parsed, name),
              html: parsed.html || undefined,
              text: parsed.text,
              attachments: parsed.attachments,
              connectionId: session.id,
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            for (const w of waiters.splice(0)) w();
            cb(null, `Message queued as ${session.id}.${session.transaction}`);
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    connections += 1;
    const port = socket.remotePort;
    if (port !== undefined) {
      sockets.set(port, socket);
      socket.on('close', () => sockets.delete(port));
    }
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const [user, pass] = auth ? Object.entries(opts.users!)[0] : [];
  const url = auth
    ? `smtp://${encodeURIComponent(user!)}:${encodeURIComponent(pass!)}@127.0.0.1:${port}`
    : `smtp://127.0.0.1:${port}`;

  return {
    host: '127.0.0.1',
    port,
    url,
    messages,
    get connections() {
      return connections;
    },
    rejectRecipient(match, code = 550, message = '5.1.1 <{address}>: Recipient address rejected: User unknown') {
      rules.push({ match, code, message });
    },
    dropConnections(at) {
      dropAt = at;
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Expected ${count} messages, got ${messages.length}`)),
          timeoutMs,
        );
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve(messages);
          } else waiters.push(check);
        };
        check();
      });
    },
    close() {
      for (const s of sockets.values()) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name.toLowerCase());
  if (!line) return undefined;
  // The raw line, unfolded, minus the name: what a receiving client sees, before any structured parsing.
  return line.line
    .replace(/\r?\n[ \t]+/g, ' ')
    .slice(line.line.indexOf(':') + 1)
    .trim();
}
