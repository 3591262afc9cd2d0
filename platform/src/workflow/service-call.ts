/**
 * Service-task connector actions that only write to the outbox (`email.send`, `sms.send`): the messages are queued
 * in the caller's transaction under `wf:<instance>:<activation>:service`, so the step that reaches the task can run
 * them in its own transaction, as durable as a job and without one. Also recipients and text placeholders.
 */
import type { Knex } from 'knex';
import type { Org, OrgUser } from '../org/org.ts';
import type { MessageOutbox } from '../messaging/outbox.ts';
import type { MessageChannel } from '../messaging/types.ts';
import { evalSetting, findOrgUser } from './assignee.ts';
import type { EngineEvent } from './index.ts';
import type { Instance } from './instance.store.ts';

export type ServiceCall = {
  instanceId: string;
  activationId: string;
  connector: string;
  action: string;
  inputs: unknown;
  /** 1, 2, … for a retried call: its messages get keys of their own. */
  attempt?: number;
};

export type Recipient = { address: string; channel: MessageChannel; user: OrgUser | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,20}$/;

/** `{{name}}` placeholders filled from the variables (missing ones left empty). */
export function fillText(text: string, variables: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}/g, (_, path: string) => {
    let v: unknown = variables;
    for (const p of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/**
 * Who `to` names: a FEEL expression (`initiator`, `customerEmail`, `"ops@example.hu"`) yielding user names, email
 * addresses or phone numbers (a list, or comma-separated text). A user is reached at the address of their profile:
 * for SMS on their mobile number when they have one, otherwise (and for email) by email.
 */
export function resolveRecipients(
  to: string,
  channel: MessageChannel,
  org: Org,
  variables: Record<string, unknown>,
): Recipient[] {
  // `to` is FEEL (`initiator`, `"ops@example.hu"`, `=manager(initiator)`); text that is not FEEL is a literal list.
  // Plain addresses and numbers are such a list already (and not FEEL: reading them as FEEL only fails).
  if (!to.trim().startsWith('=') && isAddressList(to)) return recipientsOf(to, channel, org);
  let raw: unknown;
  try {
    raw = evalSetting(to.trim().startsWith('=') ? to : `=${to}`, org, variables);
  } catch {
    raw = null;
  }
  if (typeof raw !== 'string' && !Array.isArray(raw)) raw = to.trim().startsWith('=') ? null : to;
  return recipientsOf(raw, channel, org);
}

/** An address with nothing FEEL could read differently (no quotes, brackets or operators but `.`, `-`, `+`). */
const PLAIN_EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/** Whether text is a comma-separated list of plain email addresses and phone numbers only. */
function isAddressList(text: string): boolean {
  const parts = text.split(',').map((p) => p.trim());
  return parts.every((p) => PLAIN_EMAIL.test(p) || PHONE.test(p));
}

/** Recipients from a value `to` already evaluated to: user names, addresses or numbers, as a list or comma-separated. */
export function recipientsOf(raw: unknown, channel: MessageChannel, org: Org): Recipient[] {
  const values = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [])
    .map((v) => (typeof v === 'string' ? v.trim() : ''))
    .filter(Boolean);
  const out: Recipient[] = [];
  for (const v of values) {
    if (EMAIL.test(v)) out.push({ address: v, channel: channel === 'sms' ? 'email' : channel, user: null });
    else if (PHONE.test(v) && channel !== 'email') out.push({ address: v.replace(/[ ()-]/g, ''), channel, user: null });
    else {
      // A user is reached on their mobile for SMS when they have one, otherwise by email.
      const user = findOrgUser(org, v);
      if (!user || user.disabled) continue;
      if (channel === 'sms' && user.phone) out.push({ address: user.phone, channel: 'sms', user });
      else if (user.email) out.push({ address: user.email, channel: 'email', user });
    }
  }
  return out;
}

/** Service inputs: `=FEEL` values evaluated over the variables, `[{ name, value }]` lists turned into objects. */
export function evaluateInputs(inputs: unknown, org: Org, variables: Record<string, unknown>): Record<string, unknown> {
  const obj: Record<string, unknown> = Array.isArray(inputs)
    ? Object.fromEntries((inputs as { name: string; value: unknown }[]).map((x) => [x.name, x.value]))
    : ((inputs ?? {}) as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && v.trim().startsWith('=')) {
      try {
        out[k] = evalSetting(v, org, variables);
      } catch {
        out[k] = null;
      }
    } else out[k] = v;
  }
  return out;
}

/** An input as written in the model (before evaluation). */
function inputOf(inputs: unknown, name: string): unknown {
  if (Array.isArray(inputs)) return (inputs as { name: string; value: unknown }[]).find((x) => x.name === name)?.value;
  return inputs && typeof inputs === 'object' ? (inputs as Record<string, unknown>)[name] : undefined;
}

const actionOf = (p: Pick<ServiceCall, 'connector' | 'action'>) =>
  p.action ? `${p.connector}.${p.action}` : p.connector;

/** Whether a connector action only queues messages (and so may run inside the step). */
export function isOutboxAction(action: string): boolean {
  return action === 'email.send' || action === 'sms.send';
}

/** `connector`/`action` of an effect or job as one name, e.g. `email.send`. */
export function serviceActionName(p: Pick<ServiceCall, 'connector' | 'action'>): string {
  return actionOf(p);
}

/**
 * Queues a service task's messages in `db` and answers the event that moves the instance on: `service.done`, or
 * `service.failed` when no recipient resolves. Null for actions that are not outbox-only. With `unsent`, the
 * messages get no send job of their own: the ids of those written now are added to it, for one job per step.
 */
export async function outboxServiceCall(
  db: Knex,
  outbox: MessageOutbox,
  org: Org,
  instance: Pick<Instance, 'id' | 'variables'>,
  p: ServiceCall,
  unsent?: string[],
): Promise<EngineEvent | null> {
  const action = actionOf(p);
  if (!isOutboxAction(action)) return null;
  const inputs = evaluateInputs(p.inputs, org, instance.variables);
  const channel: MessageChannel = action === 'sms.send' ? 'sms' : 'email';
  // A `=FEEL` input is evaluated already: its value is used as it is, not read as FEEL a second time.
  const given = inputOf(p.inputs, 'to');
  const to =
    typeof given === 'string' && given.trim().startsWith('=')
      ? recipientsOf(inputs.to, channel, org)
      : resolveRecipients(
          Array.isArray(inputs.to) ? inputs.to.join(',') : String(inputs.to ?? ''),
          channel,
          org,
          instance.variables,
        );
  if (!to.length) {
    return {
      type: 'service.failed',
      activationId: p.activationId,
      error: { code: 'noRecipient', message: `No address in "${String(inputs.to ?? '')}"` },
    } as EngineEvent;
  }
  const text = fillText(String(inputs.text ?? inputs.body ?? ''), instance.variables);
  const html = typeof inputs.html === 'string' ? fillText(inputs.html, instance.variables) : null;
  const subject = typeof inputs.subject === 'string' ? fillText(inputs.subject, instance.variables) : null;
  const ids: string[] = [];
  for (const [i, r] of to.entries()) {
    const input = {
      channel: r.channel,
      to: { address: r.address },
      subject: r.channel === 'email' ? subject : null,
      html: r.channel === 'email' ? html : null,
      text: text || subject || '-',
      idempotencyKey: `wf:${instance.id}:${p.activationId}:service${p.attempt ? `.${p.attempt}` : ''}${to.length > 1 ? `:${i}` : ''}`,
      actor: null,
    };
    if (unsent) {
      const { message, created } = await outbox.queueUnsent(db, input);
      if (created) unsent.push(message.id);
      ids.push(message.id);
    } else {
      ids.push((await outbox.queueMessage(db, input)).id);
    }
  }
  return { type: 'service.done', activationId: p.activationId, result: { messageIds: ids } } as EngineEvent;
}
