/**
 * A loopback HTTP endpoint for provider callbacks in tests: it records each request and answers with whatever
 * the handler decides (typically `runWebhook(…)` mapped to 200/400/403), so a test runs the whole loop.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';

export type ReceivedCallback = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  form: Record<string, string>;
  answered: number;
};

export type CallbackReceiver = {
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
};

/** What the handler answers: a status, or a status with a body and headers. */
export type CallbackAnswer = number | { status: number; body?: string; headers?: Record<string, string> };

export async function startCallbackReceiver(
  handler: (req: {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
    form: Record<string, string>;
  }) => Promise<CallbackAnswer> | CallbackAnswer = () => 204,
): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = Object.fromEntries(new URLSearchParams(body));
      const entry: ReceivedCallback = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        form,
        answered: 0,
      };
      received.push(entry);
      let answer: CallbackAnswer;
      try {
        answer = await handler({
          method: entry.method,
          url: `${base}${req.url ?? '/'}`,
          headers: req.headers,
          body,
          form,
        });
      } catch {
        answer = 500;
      }
      const a = typeof answer === 'number' ? { status: answer } : answer;
      entry.answered = a.status;
      res.writeHead(a.status, a.headers).end(a.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: base,
    received,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
