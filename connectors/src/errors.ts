/**
 * Errors a connector raises. Every one carries a stable code, a message in hu and en, and whether trying again
 * later may help (`retryable`), so the outbox knows to back off (a full mailbox, a 429) or to give up (an unknown
 * recipient, a number that does not exist). The runtime maps them onto HTTP answers; connectors do not know hapi.
 */
import type { Issue, LocalizedText } from '@folyam/metamodel';

/** Where a failure comes from: the caller's input, the connector's configuration, the provider's answer, or the wire. */
export type ConnectorErrorKind = 'input' | 'config' | 'provider' | 'transport';

/** What the provider said, for operators and logs; never shown to an end user as is. */
export type ProviderDetail = {
  /** SMTP reply code (550), Twilio error code (21211), or an HTTP status. */
  code?: number | string;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  /** The provider's own text: an SMTP reply line, a Twilio message. */
  response?: string;
  /** The recipient the failure belongs to, when it belongs to one. */
  recipient?: string;
};

export class ConnectorError extends Error {
  readonly code: string;
  readonly messages: LocalizedText;
  readonly kind: ConnectorErrorKind;
  readonly retryable: boolean;
  readonly details: Issue[];
  readonly provider?: ProviderDetail;

  constructor(
    code: string,
    messages: LocalizedText,
    opts: {
      kind: ConnectorErrorKind;
      retryable?: boolean;
      details?: Issue[];
      provider?: ProviderDetail;
      cause?: unknown;
    },
  ) {
    super(messages.en, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.messages = messages;
    this.kind = opts.kind;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details ?? [];
    this.provider = opts.provider;
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}

/** A problem with the caller's input: never worth retrying. */
export function inputError(code: string, messages: LocalizedText, details: Issue[] = []): ConnectorError {
  return new ConnectorError(code, messages, { kind: 'input', details });
}

/** A problem with the connector's settings, found before anything is sent. */
export function configError(code: string, messages: LocalizedText, details: Issue[] = []): ConnectorError {
  return new ConnectorError(code, messages, { kind: 'config', details });
}

/** Builds one issue with a message written on the spot (the metamodel catalogue holds only generic ones). */
export function customIssue(path: string, code: string, hu: string, en: string): Issue {
  return { path, code, message: { hu, en } };
}
