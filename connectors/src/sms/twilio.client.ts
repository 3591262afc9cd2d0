/**
 * The twilio client for a configuration. twilio has no base-URL setting, so `apiUrl` is honoured by an HTTP
 * client that rewrites the origin of every request it is given (keeping the path, with an optional prefix).
 */
import twilio from 'twilio';
import { configKey, type ConnectorContext } from '../contract.ts';
import type { SmsConfig } from './sms.config.ts';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/** Sends every request of the twilio package to `base` instead of `*.twilio.com`. */
export class OriginRewritingClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(base: string, opts: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(opts);
    this.base = new URL(base);
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const original = new URL(opts.uri);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const target = new URL(`${prefix}${original.pathname}${original.search}`, this.base.origin);
    return super.request<TData>({ ...opts, uri: target.toString() });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

export function twilioClient(config: SmsConfig, ctx: ConnectorContext): TwilioClient {
  return ctx.resources.get(
    configKey('sms', config),
    () =>
      twilio(config.accountSid, config.authToken, {
        // No process globals: twilio would otherwise read TWILIO_* variables.
        env: {},
        timeout: 15_000,
        ...(config.apiUrl ? { httpClient: new OriginRewritingClient(config.apiUrl, { timeout: 15_000 }) } : {}),
      }),
    // Keep-alive sockets would otherwise hold the process open after shutdown.
    (client) => {
      const defaults = client.httpClient.axios.defaults;
      for (const agent of [defaults.httpAgent, defaults.httpsAgent] as Array<{ destroy?: () => void } | undefined>)
        agent?.destroy?.();
    },
  );
}
