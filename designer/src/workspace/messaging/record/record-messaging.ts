/**
 * What the messaging feature adds to a record page: which channels a record can be written to (an entity with an
 * email field gets "Send email", one with a phone field "Send SMS"), the communication history tab, and the
 * consent tab of contacts. A send bumps `sentCount`, so an open history reloads.
 */
import type { Entity } from '@folyam/metamodel';
import { defineAsyncComponent, ref, type Component } from 'vue';
import type { Channel } from '../messaging.api.ts';

export const sentCount = ref(0);

/** Channels an entity's records can receive, from its field types. */
export function recordChannels(entity: Pick<Entity, 'fields'>): Channel[] {
  const types = new Set(entity.fields.map((f) => f.type));
  const out: Channel[] = [];
  if (types.has('email')) out.push('email');
  if (types.has('phone')) out.push('sms');
  return out;
}

/** The address a channel would use, as the server picks it: `email` first; `mobile`, then `phone`, for SMS. */
export function recordAddress(
  entity: Pick<Entity, 'fields'>,
  record: Record<string, unknown>,
  channel: Channel,
): string | null {
  const names = entity.fields
    .filter((f) => f.type === (channel === 'email' ? 'email' : 'phone'))
    .map((f) => f.name)
    .filter((n) => channel !== 'fax' || n === 'fax');
  const rank = (n: string) =>
    channel === 'email' ? (n === 'email' ? 0 : 1) : n === 'mobile' ? 0 : n === 'phone' ? 1 : 2;
  for (const n of names.sort((a, b) => rank(a) - rank(b))) {
    const v = record[n];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

export type RecordTab = { value: string; label: string; component: Component; testid: string };

const History = defineAsyncComponent(() => import('./CommunicationHistory.vue'));
const Consent = defineAsyncComponent(() => import('./ConsentPanel.vue'));

/** Tabs for a record page: communication history where messages can go, consents on contacts. */
export function messagingTabs(entity: Pick<Entity, 'fields' | 'name'>): RecordTab[] {
  const tabs: RecordTab[] = [];
  if (recordChannels(entity).length)
    tabs.push({
      value: 'communications',
      label: 'messagingTabs.communications',
      component: History,
      testid: 'tab-communications',
    });
  if (entity.name === 'contact')
    tabs.push({ value: 'consent', label: 'messagingTabs.consent', component: Consent, testid: 'tab-consent' });
  return tabs;
}

export const RecordMessageActions = defineAsyncComponent(() => import('./RecordMessageActions.vue'));
