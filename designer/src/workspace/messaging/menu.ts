/** The menu labels of the messaging section: the only messaging texts in the initial bundle. */
import { i18n } from '../../i18n/index.ts';

i18n.global.mergeLocaleMessage('hu', {
  messagingMenu: {
    campaigns: 'Kampányok',
    outbox: 'Kimenő üzenetek',
    templates: 'Sablonok',
    suppressions: 'Tiltólista',
  },
});
i18n.global.mergeLocaleMessage('en', {
  messagingMenu: { campaigns: 'Campaigns', outbox: 'Outbox', templates: 'Templates', suppressions: 'Suppression list' },
});

i18n.global.mergeLocaleMessage('hu', { messagingTabs: { communications: 'Kommunikáció', consent: 'Hozzájárulások' } });
i18n.global.mergeLocaleMessage('en', { messagingTabs: { communications: 'Communication', consent: 'Consents' } });
