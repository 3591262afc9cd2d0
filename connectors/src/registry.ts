/**
 * The connectors a runtime knows, looked up by id. The outbox stores `{ connector, action, input }` as JSON and
 * calls `runAction` after commit; a webhook route calls `runWebhook`. Both validate the settings first.
 */
import type { Connector, ConnectorContext, SendResult, WebhookOutcome, WebhookRequest } from './contract.ts';
import { ConnectorError } from './errors.ts';
import { emailConnector } from './email/email.connector.ts';
import { faxConnector } from './fax/fax.connector.ts';
import { smsConnector } from './sms/sms.connector.ts';

// The registry holds connectors of different settings types; each one checks its own input at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnector = Connector<any, any, any>;

export type ConnectorRegistry = {
  /** The connector, or `CONNECTOR_UNKNOWN`. */
  get(id: string): AnyConnector;
  has(id: string): boolean;
  list(): AnyConnector[];
};

export const builtInConnectors: readonly AnyConnector[] = [emailConnector, smsConnector, faxConnector];

/** `connectorRegistry()` → email, sms and fax; pass a list to add or replace (a test double, a webhook connector). */
export function connectorRegistry(connectors: readonly AnyConnector[] = builtInConnectors): ConnectorRegistry {
  const byId = new Map<string, AnyConnector>();
  for (const c of connectors) {
    if (byId.has(c.id)) throw new Error(`Connector registered twice: ${c.id}`);
    byId.set(c.id, c);
  }
  return {
    get(id) {
      const c = byId.get(id);
      if (!c) throw unknown(id);
      return c;
    },
    has: (id) => byId.has(id),
    list: () => [...byId.values()],
  };
}

function unknown(id: string): ConnectorError {
  return new ConnectorError(
    'CONNECTOR_UNKNOWN',
    { hu: `Ismeretlen csatorna: ${id}.`, en: `Unknown connector: ${id}.` },
    { kind: 'config' },
  );
}

function unknownPart(kind: 'action' | 'webhook', connector: string, name: string): ConnectorError {
  return new ConnectorError(
    kind === 'action' ? 'CONNECTOR_UNKNOWN_ACTION' : 'CONNECTOR_UNKNOWN_WEBHOOK',
    {
      hu: `A(z) ${connector} csatornának nincs ilyen művelete: ${name}.`,
      en: `The ${connector} connector has no ${kind} ${name}.`,
    },
    { kind: 'config' },
  );
}

/** Validates the settings and runs an action: `await runAction(registry, 'sms', 'send', config, { to, body }, ctx)`. */
export async function runAction(
  registry: ConnectorRegistry,
  connectorId: string,
  action: string,
  config: unknown,
  input: unknown,
  ctx: ConnectorContext,
): Promise<SendResult> {
  const c = registry.get(connectorId);
  const fn = Object.hasOwn(c.actions, action) ? c.actions[action] : undefined;
  if (typeof fn !== 'function') throw unknownPart('action', connectorId, action);
  return (await fn(c.parseConfig(config), input, ctx)) as SendResult;
}

/** Validates the settings and runs a webhook; the outcome says whether to answer 200, 400 or 403. */
export async function runWebhook(
  registry: ConnectorRegistry,
  connectorId: string,
  webhook: string,
  config: unknown,
  request: WebhookRequest,
  ctx: ConnectorContext,
): Promise<WebhookOutcome> {
  const c = registry.get(connectorId);
  const fn = Object.hasOwn(c.webhooks, webhook) ? c.webhooks[webhook] : undefined;
  if (typeof fn !== 'function') throw unknownPart('webhook', connectorId, webhook);
  return (await fn(c.parseConfig(config), request, ctx)) as WebhookOutcome;
}
