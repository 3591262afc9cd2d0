/** The menu label of the queries section: the only queries text in the initial bundle. */
import { i18n } from '../../i18n/index.ts';

i18n.global.mergeLocaleMessage('hu', { queriesMenu: 'Lekérdezések' });
i18n.global.mergeLocaleMessage('en', { queriesMenu: 'Queries' });
