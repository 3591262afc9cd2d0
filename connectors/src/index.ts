/** @folyam/connectors: email, SMS and fax behind one contract. Test doubles live in `@folyam/connectors/testing`. */
export * from './contract.ts';
export * from './errors.ts';
export * from './registry.ts';
export * from './config.ts';
export { isCredentialSafeUrl } from './urls.ts';

export { emailConnector } from './email/email.connector.ts';
export { EmailConfig, parseMailbox } from './email/email.config.ts';
export { EmailMessage, checkEmailMessage, type EmailAttachment } from './email/email.message.ts';
export { sendEmail, makeMessageId, smtpError } from './email/email.send.ts';
export { parseDsn, dsnToStatusUpdate, normaliseMessageId, type DsnEntry, type DsnAction } from './email/dsn.parse.ts';

export { smsConnector } from './sms/sms.connector.ts';
export { SmsConfig } from './sms/sms.config.ts';
export { SmsMessage, sendSms, twilioError } from './sms/sms.send.ts';
export { smsStatusWebhook, fromTwilioStatus } from './sms/sms.status.ts';
export { countSegments, type SegmentCount, type SmsEncoding } from './sms/segments.ts';
export { toE164, requireE164 } from './sms/phone.ts';
export { OriginRewritingClient } from './sms/twilio.client.ts';

export { faxConnector } from './fax/fax.connector.ts';
export { FaxConfig } from './fax/fax.config.ts';
export { FaxMessage, sendFax, gatewayAddress } from './fax/fax.send.ts';
export {
  parseFaxReport,
  faxReportToStatusUpdate,
  DEFAULT_DELIVERED_PATTERN,
  DEFAULT_FAILED_PATTERN,
  type FaxReport,
} from './fax/fax.report.ts';
