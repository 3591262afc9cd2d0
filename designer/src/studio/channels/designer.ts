import { defineDesigner } from '../registry.ts';

export default defineDesigner({
  id: 'channels',
  label: { hu: 'Üzenetküldő csatornák', en: 'Messaging channels' },
  description: {
    hu: 'E-mail (SMTP), SMS (Twilio) és fax beállításai; a titkos adatok csak írhatók.',
    en: 'Email (SMTP), SMS (Twilio) and fax settings; secrets are write-only.',
  },
  icon: 'mdi-email-fast-outline',
  component: () => import('./ChannelsPage.vue'),
  order: 70,
});
