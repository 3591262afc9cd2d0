/**
 * A Twilio Messages API on loopback, for tests: the real twilio package talks to it (through `apiUrl`), it checks
 * Basic auth the way Twilio does, answers with Twilio's JSON shapes and error codes, keeps what it received, and
 * posts status callbacks signed as Twilio signs them (HMAC-SHA1 over the URL plus the sorted form fields, base64)
 * — or forged ones, to prove they are refused.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { countSegments } from '../sms/segments.ts';

export type FakeSms = {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  /** Every form field as received. */
  form: Record<string, string>;
  dateCreated: Date;
};

export type CallbackResponse = { status: number; body: string };

export type TwilioFake = {
  /** `http://127.0.0.1:PORT`: give it as `apiUrl`. */
  url: string;
  port: number;
  messages: FakeSms[];
  /** Answers the next matching send with a Twilio error: `rejectNumber('+36301111111', 21610, 'Attempt to send to unsubscribed recipient')`. */
  rejectNumber(to: string, code: number, message: string, httpStatus?: number): void;
  /** Answers the next `count` sends with this HTTP status (500, 503, 429). */
  failNext(httpStatus: number, count?: number): void;
  /** Posts a correctly signed status callback for a message to its StatusCallback URL. */
  fireStatusCallback(sid: string, status: string, extra?: Record<string, string>): Promise<CallbackResponse>;
  /** Posts a callback that must be refused: signed with another token, tampered with after signing, or unsigned. */
  fireForgedCallback(
    sid: string,
    status: string,
    how?: 'wrong-token' | 'tampered' | 'unsigned',
  ): Promise<CallbackResponse>;
  close(): Promise<void>;
};

export type TwilioFakeOptions = {
  port?: number;
  authToken: string;
  /** When given, only this account is served; otherwise any `AC…` sid with the right token. */
  accountSid?: string;
};

/** Twilio's own algorithm, written out here rather than borrowed from the package under test. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

const PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages(?:\/((?:SM|MM)[0-9a-f]{32}))?\.json$/;

/** `const tw = await startTwilioFake({ authToken }); … smsConfig.apiUrl = tw.url; … await tw.fireStatusCallback(sid, 'delivered')` */
export async function startTwilioFake(opts: TwilioFakeOptions): Promise<TwilioFake> {
  const messages: FakeSms[] = [];
  const rejections: { to: string; code: number; message: string; status: number }[] = [];
  let failures: { status: number; count: number } | null = null;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const twilioError = (
    res: ServerResponse,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {},
  ) => json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

  const authorised = (req: IncomingMessage, accountSid: string): boolean => {
    const m = (req.headers.authorization ?? '').match(/^Basic\s+(.+)$/i);
    if (!m) return false;
    const [user, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    return (
      user === accountSid && rest.join(':') === opts.authToken && (!opts.accountSid || opts.accountSid === accountSid)
    );
  };

  const resource = (m: FakeSms) => {
    const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: m.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: m.dateCreated.toUTCString().replace('GMT', '+0000'),
      date_sent: null,
      date_updated: m.dateCreated.toUTCString().replace('GMT', '+0000'),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: String(Math.max(1, countSegments(m.body).segments)),
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: uri.replace('.json', '/Media.json') },
      to: m.to,
      uri,
    };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = url.pathname.match(PATH);
      if (!match) return twilioError(res, 404, 20404, 'The requested resource was not found');
      const [, accountSid, messageSid] = match;
      if (!authorised(req, accountSid)) {
        return json(
          res,
          401,
          {
            code: 20003,
            detail: 'Your AccountSid or AuthToken was incorrect.',
            message: 'Authenticate',
            more_info: 'https://www.twilio.com/docs/errors/20003',
            status: 401,
          },
          { 'www-authenticate': 'Basic realm="Twilio API"' },
        );
      }
      if (req.method === 'GET' && messageSid) {
        const m = messages.find((x) => x.sid === messageSid && x.accountSid === accountSid);
        return m
          ? json(res, 200, resource(m))
          : twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      }
      if (req.method !== 'POST' || messageSid) return twilioError(res, 405, 20004, 'Method not allowed');
      if (failures && failures.count > 0) {
        failures.count -= 1;
        return twilioError(
          res,
          failures.status,
          failures.status === 429 ? 20429 : 20500,
          failures.status === 429 ? 'Too Many Requests' : 'Internal Server Error',
        );
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      if (!form.To) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
      if (!/^\+[1-9]\d{6,14}$/.test(form.To))
        return twilioError(res, 400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
      if (!form.From && !form.MessagingServiceSid)
        return twilioError(res, 400, 21603, "A 'From' phone number is required.");
      if (!form.Body) return twilioError(res, 400, 21602, 'Message body is required.');
      const i = rejections.findIndex((r) => r.to === form.To);
      if (i !== -1) {
        const [r] = rejections.splice(i, 1);
        return twilioError(res, r.status, r.code, r.message);
      }
      const m: FakeSms = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        accountSid,
        to: form.To,
        from: form.From ?? null,
        messagingServiceSid: form.MessagingServiceSid ?? null,
        body: form.Body,
        statusCallback: form.StatusCallback ?? null,
        status: form.MessagingServiceSid ? 'accepted' : 'queued',
        form,
        dateCreated: new Date(),
      };
      messages.push(m);
      json(res, 201, resource(m));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const callbackParams = (m: FakeSms, status: string, extra: Record<string, string>): Record<string, string> => ({
    AccountSid: m.accountSid,
    ApiVersion: '2010-04-01',
    From: m.from ?? '',
    MessageSid: m.sid,
    MessageStatus: status,
    SmsSid: m.sid,
    SmsStatus: status,
    To: m.to,
    ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
    ...(status === 'failed' || status === 'undelivered' ? { ErrorCode: '30003' } : {}),
    ...extra,
  });

  const post = async (
    url: string,
    params: Record<string, string>,
    signature: string | null,
  ): Promise<CallbackResponse> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'user-agent': 'TwilioProxy/1.1',
        'i-twilio-idempotency-token': randomBytes(16).toString('hex'),
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  };

  const find = (sid: string): FakeSms & { statusCallback: string } => {
    const m = messages.find((x) => x.sid === sid);
    if (!m) throw new Error(`No message ${sid}`);
    if (!m.statusCallback) throw new Error(`Message ${sid} has no StatusCallback`);
    return m as FakeSms & { statusCallback: string };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    messages,
    rejectNumber(to, code, message, httpStatus = 400) {
      rejections.push({ to, code, message, status: httpStatus });
    },
    failNext(httpStatus, count = 1) {
      failures = { status: httpStatus, count };
    },
    async fireStatusCallback(sid, status, extra = {}) {
      const m = find(sid);
      m.status = status;
      const params = callbackParams(m, status, extra);
      return post(m.statusCallback, params, twilioSignature(opts.authToken, m.statusCallback, params));
    },
    async fireForgedCallback(sid, status, how = 'wrong-token') {
      const m = find(sid);
      const params = callbackParams(m, status, {});
      if (how === 'unsigned') return post(m.statusCallback, params, null);
      if (how === 'wrong-token')
        return post(m.statusCallback, params, twilioSignature(`${opts.authToken}x`, m.statusCallback, params));
      const signature = twilioSignature(opts.authToken, m.statusCallback, params);
      const other = status === 'delivered' ? 'failed' : 'delivered';
      return post(m.statusCallback, { ...params, MessageStatus: other, SmsStatus: other }, signature);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
