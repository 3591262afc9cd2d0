/**
 * The messaging endpoints as the SPA sees them: messages and their history, files, consents, suppressions,
 * templates, campaigns (audience, preview, test, send, progress, recipients) and channel settings.
 */
import { http } from '../../api/client.ts';
import type { Localized } from '../../api/types.ts';

export type Channel = 'email' | 'sms' | 'fax';
export type CampaignChannel = Channel | 'auto';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'bounced' | 'failed' | 'undeliverable' | 'held';

export type Message = {
  id: string;
  channel: Channel;
  to: { address: string; entity: string | null; recordId: string | null };
  subject: string | null;
  html: string | null;
  text: string | null;
  attachments: string[];
  status: MessageStatus;
  error: { code: string; messages: Localized } | null;
  campaignId: string | null;
  createdBy: string | null;
  createdByName?: string | null;
  createdAt: string;
  updatedAt: string;
};
export type MessageEvent = { status: MessageStatus; at: string; provider?: unknown };
export type MessageView = Message & { events: MessageEvent[] };

export type Paged<T> = { items: T[]; total?: number; page?: number; pageSize?: number };

export type StoredFile = { id: string; name: string; mime: string; size: number };

export type ConsentStatus = 'granted' | 'withdrawn';
export type Consent = {
  channel: string;
  status: ConsentStatus;
  source: string;
  wording: string;
  at: string;
  by: string | { id: string; username?: string; displayName?: string } | null;
  byName?: string | null;
};

export type Suppression = { id: string; address: string; reason: string; createdAt?: string; at?: string };

export type Template = {
  id: string;
  name: string;
  channel: Channel;
  subject: string | null;
  html: string | null;
  text: string | null;
};
export type TemplateInput = Omit<Template, 'id'>;

export type Recipients =
  | { kind: 'contacts'; ids: string[] }
  | { kind: 'companies'; ids: string[] }
  | { kind: 'companyGroups'; groups: string[] }
  | { kind: 'query'; queryId: string };

export type CampaignInput = {
  name: string;
  channel: CampaignChannel;
  subject: string;
  html: string;
  text: string;
  attachments: string[];
  recipients: Recipients;
  tracking: boolean;
  purpose: 'marketing' | 'service';
};

export const TOTAL_KEYS = [
  'recipients',
  'skipped',
  'queued',
  'sent',
  'delivered',
  'bounced',
  'failed',
  'held',
  'opened',
  'clicked',
  'unsubscribed',
] as const;
export type Totals = Partial<Record<(typeof TOTAL_KEYS)[number], number>>;

export type Campaign = CampaignInput & {
  id: string;
  status: string;
  progress?: number;
  totals?: Totals;
  scheduledAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  jobId?: string | null;
};

export type SkipReason = 'noConsent' | 'suppressed' | 'noAddress' | 'duplicate';
export type Audience = { total: number; willSend: number; skipped: Partial<Record<SkipReason, number>> };

export type CampaignRecipient = {
  id?: string;
  name?: string | null;
  address?: string | null;
  channel?: Channel | null;
  status: string;
  skipReason?: string | null;
  messageId?: string | null;
  sentAt?: string | null;
  deliveredAt?: string | null;
  openedAt?: string | null;
  clickedAt?: string | null;
  updatedAt?: string | null;
};

export type ChannelSettings = {
  channel: Channel;
  configured: boolean;
  source: 'env' | 'settings' | 'none';
  settings: Record<string, unknown> & { secretsSet?: Record<string, boolean> };
};

export type JobView = { id?: string; status: string; progress: number; error?: unknown };

const enc = encodeURIComponent;

export const messagingApi = {
  send: (body: {
    channel: Channel;
    to: { entity: string; id: string } | string;
    subject?: string;
    html?: string;
    text?: string;
    attachments?: string[];
  }) => http.post<{ id: string }>('/api/messages', body),
  message: (id: string) => http.get<MessageView>(`/api/messages/${enc(id)}`),
  messages: (q: { status?: string; channel?: string; campaignId?: string; page?: number; pageSize?: number }) =>
    http.get<Paged<Message>>('/api/messages', q),
  history: (entity: string, id: string) =>
    http.get<{ items: Message[] }>('/api/messages', { recordEntity: entity, recordId: id }),

  consents: (entity: string, id: string) =>
    http.get<{ items: Consent[]; history: Consent[] }>('/api/consents', { entity, id }),
  recordConsent: (body: {
    entity: string;
    id: string;
    channel: string;
    granted: boolean;
    source: string;
    wording: string;
  }) => http.post<unknown>('/api/consents', body),

  suppressions: (q: string, page: number) => http.get<Paged<Suppression>>('/api/suppressions', { q, page }),
  suppress: (address: string, reason: string) => http.post<Suppression>('/api/suppressions', { address, reason }),
  unsuppress: (id: string) => http.delete<unknown>(`/api/suppressions/${enc(id)}`),

  templates: () => http.get<Paged<Template>>('/api/message-templates'),
  template: (id: string) => http.get<Template>(`/api/message-templates/${enc(id)}`),
  createTemplate: (t: TemplateInput) => http.post<Template>('/api/message-templates', t),
  updateTemplate: (id: string, t: TemplateInput) => http.put<Template>(`/api/message-templates/${enc(id)}`, t),
  removeTemplate: (id: string) => http.delete<unknown>(`/api/message-templates/${enc(id)}`),

  campaigns: () => http.get<Paged<Campaign>>('/api/campaigns'),
  campaign: (id: string) => http.get<Campaign>(`/api/campaigns/${enc(id)}`),
  createCampaign: (c: CampaignInput) => http.post<Campaign>('/api/campaigns', c),
  updateCampaign: (id: string, c: CampaignInput) => http.put<Campaign>(`/api/campaigns/${enc(id)}`, c),
  removeCampaign: (id: string) => http.delete<unknown>(`/api/campaigns/${enc(id)}`),
  preview: (id: string, recipientId?: string) =>
    http.post<{ subject: string | null; html: string | null; text: string | null; warnings?: unknown[] }>(
      `/api/campaigns/${enc(id)}/preview`,
      recipientId ? { recipientId } : {},
    ),
  audience: (id: string) => http.post<Audience>(`/api/campaigns/${enc(id)}/audience`),
  test: (id: string, to: string) => http.post<unknown>(`/api/campaigns/${enc(id)}/test`, { to }),
  sendCampaign: (id: string, at?: string) =>
    http.post<{ jobId: string }>(`/api/campaigns/${enc(id)}/send`, at ? { at } : {}),
  cancelCampaign: (id: string) => http.post<unknown>(`/api/campaigns/${enc(id)}/cancel`),
  recipients: (id: string, q: { status?: string; page: number; pageSize: number }) =>
    http.get<Paged<CampaignRecipient>>(`/api/campaigns/${enc(id)}/recipients`, q),
  job: (id: string) => http.get<JobView>(`/api/jobs/${enc(id)}`),

  channels: () => http.get<ChannelSettings[] | { items: ChannelSettings[] }>('/api/messaging/channels'),
  saveChannel: (channel: Channel, settings: Record<string, unknown>) =>
    http.put<ChannelSettings>(`/api/messaging/channels/${enc(channel)}`, settings),
};

/** Uploads one file to the file store (multipart, field `file`) with the CSRF header the API requires. */
export async function uploadFile(file: File, locale: string): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/api/files', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'folyam', 'Accept-Language': locale, Accept: 'application/json' },
  });
  const data = (await res.json().catch(() => null)) as (StoredFile & { messages?: Localized; message?: string }) | null;
  if (!res.ok || !data?.id) {
    const msg = data?.messages?.[locale as keyof Localized] ?? data?.message ?? `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return data;
}

/** A list answer may come bare or wrapped in `{ items }`. */
export function itemsOf<T>(v: T[] | { items: T[] } | null | undefined): T[] {
  if (!v) return [];
  return Array.isArray(v) ? v : (v.items ?? []);
}
