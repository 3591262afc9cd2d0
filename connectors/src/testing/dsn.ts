/**
 * Builds a bounce (RFC 3464 DSN) the way Postfix writes one, for tests of bounce handling: give it the message
 * that bounced (raw, or just its headers) and what went wrong.
 */
export type BuildDsnOptions = {
  /** The bounced message, raw; only its header block is returned, as with `RET=HDRS`. */
  original?: string | Uint8Array;
  /** ENVID from the envelope, xtext-encoded as the server received it. */
  envelopeId?: string;
  recipients: { address: string; action?: 'failed' | 'delayed' | 'delivered'; status?: string; diagnostic?: string }[];
  reportingMta?: string;
  to?: string;
  date?: Date;
};

export function buildDsn(opts: BuildDsnOptions): string {
  const boundary = `dsn-${Math.random().toString(36).slice(2)}`;
  const mta = opts.reportingMta ?? 'mx.example.hu';
  const date = (opts.date ?? new Date()).toUTCString();
  const originalHeaders = opts.original
    ? (typeof opts.original === 'string' ? opts.original : Buffer.from(opts.original).toString('utf8')).split(
        /\r?\n\r?\n/,
      )[0]
    : null;
  const perMessage = [
    `Reporting-MTA: dns; ${mta}`,
    ...(opts.envelopeId ? [`Original-Envelope-Id: ${opts.envelopeId}`] : []),
    `Arrival-Date: ${date}`,
  ];
  const perRecipient = opts.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.address}`,
      `Action: ${r.action ?? 'failed'}`,
      `Status: ${r.status ?? '5.1.1'}`,
      `Remote-MTA: dns; mail.${r.address.split('@')[1]}`,
      `Diagnostic-Code: smtp; ${r.diagnostic ?? `550 5.1.1 <${r.address}>: Recipient address rejected: User unknown`}`,
    ].join('\r\n'),
  );
  return [
    `From: MAILER-DAEMON@${mta} (Mail Delivery System)`,
    `To: ${opts.to ?? 'bounces@example.hu'}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `Date: ${date}`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This is the mail system at host ${mta}. Your message could not be delivered.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    [perMessage.join('\r\n'), ...perRecipient].join('\r\n\r\n'),
    '',
    ...(originalHeaders ? [`--${boundary}`, 'Content-Type: text/rfc822-headers', '', originalHeaders, ''] : []),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
