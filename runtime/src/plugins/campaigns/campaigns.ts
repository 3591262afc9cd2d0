/**
 * Campaigns for one runtime node: consents, templates, the campaign service, the links in sent messages
 * (unsubscribe, tracking), and the `campaign.send` job with its status listeners on the platform's runner.
 */
import {
  CAMPAIGN_JOB,
  CampaignService,
  ConsentStore,
  RecipientLinks,
  registerCampaignJob,
  SavedQueryStore,
  TemplateStore,
  queryEngineOf,
  type Platform,
} from '@folyam/platform';
import type { Messaging } from '../messages/messaging.ts';

export type Campaigns = {
  consents: ConsentStore;
  templates: TemplateStore;
  campaigns: CampaignService;
  links: RecipientLinks;
};

/**
 * `createCampaigns(platform, messaging, () => 'https://crm.example.hu')`; `baseUrl` is asked at each use, so the
 * server's own address can stand in once it listens.
 */
export function createCampaigns(
  platform: Platform,
  messaging: Messaging,
  baseUrl: () => string | null,
  options: { batchSize?: number } = {},
): Campaigns {
  if (platform.jobs.has(CAMPAIGN_JOB)) throw new Error(`campaigns: a ${CAMPAIGN_JOB} handler is already registered`);
  const consents = new ConsentStore({ knex: platform.knex, clock: platform.clock, records: platform.records });
  const templates = new TemplateStore({
    knex: platform.knex,
    clock: platform.clock,
    sanitizeHtml: (h) => messaging.transport.sanitizeHtml(h),
  });
  const deps = {
    knex: platform.knex,
    meta: platform.meta,
    records: platform.records,
    queries: queryEngineOf(platform),
    saved: new SavedQueryStore({ knex: platform.knex, clock: platform.clock }),
    consents,
    suppressions: messaging.suppressions,
    transport: messaging.transport,
  };
  const campaigns = new CampaignService({
    ...deps,
    clock: platform.clock,
    files: platform.files,
    jobs: platform.jobs,
    outbox: messaging.outbox,
    publicUrl: () => baseUrl()?.replace(/\/+$/, '') ?? null,
    unsubscribeMailto: messaging.options.unsubscribeMailto,
    smsOptOutText: messaging.options.smsOptOutText,
  });
  registerCampaignJob({
    ...deps,
    jobs: platform.jobs,
    clock: platform.clock,
    events: platform.events,
    outbox: messaging.outbox,
    campaigns,
    sender: messaging.sender,
    batchSize: options.batchSize,
  });
  const links = new RecipientLinks({
    knex: platform.knex,
    clock: platform.clock,
    consents,
    suppressions: messaging.suppressions,
  });
  return { consents, templates, campaigns, links };
}
