/** The SMS connector (Twilio) behind the common contract. */
import { defineConnector } from '../contract.ts';
import { SMS_SECRET_KEYS, SmsConfig } from './sms.config.ts';
import { sendSms } from './sms.send.ts';
import { smsStatusWebhook } from './sms.status.ts';

export const smsConnector = defineConnector({
  id: 'sms',
  label: { hu: 'SMS', en: 'SMS' },
  configSchema: SmsConfig,
  secretKeys: SMS_SECRET_KEYS,
  actions: { send: sendSms },
  webhooks: { status: smsStatusWebhook },
});
