/** Test doubles that speak the real protocols on loopback. Import from `@folyam/connectors/testing`. */
export { startSmtpServer, type ReceivedMail, type SmtpServerFake, type SmtpServerFakeOptions } from './smtp-server.ts';
export {
  startTwilioFake,
  twilioSignature,
  type FakeSms,
  type TwilioFake,
  type TwilioFakeOptions,
  type CallbackResponse,
} from './twilio-fake.ts';
export {
  startCallbackReceiver,
  type CallbackAnswer,
  type CallbackReceiver,
  type ReceivedCallback,
} from './callback-receiver.ts';
export { buildDsn, type BuildDsnOptions } from './dsn.ts';
