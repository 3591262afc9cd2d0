/**
 * A runtime node for the campaign crash test: runs due jobs (the campaign's `campaign.send`, then the sends)
 * until the test kills it with SIGKILL. Arguments: <database url> <smtp url> <batch size>.
 */
import { createPlatform } from '@folyam/platform';
import { createMessaging } from '../messages/messaging.ts';
import { createCampaigns } from './campaigns.ts';

const [databaseUrl, smtpUrl, batchSize] = process.argv.slice(2);
const platform = await createPlatform({
  databaseUrl,
  metaRefreshMs: 0,
  jobs: { leaseMs: 1500, pollMs: 10, concurrency: 2 },
});
const messaging = createMessaging(platform, {
  connectors: { email: { smtpUrl, from: 'Folyam CRM <crm@example.hu>' } },
  publicUrl: 'https://crm.example.hu',
});
createCampaigns(platform, messaging, () => 'https://crm.example.hu', { batchSize: Number(batchSize) });
platform.jobs.start();
process.stdout.write('started\n');
