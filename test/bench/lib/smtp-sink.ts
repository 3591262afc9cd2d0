/**
 * A loopback SMTP server in its own process for the campaign benchmark: accepts every message, reads it to the end
 * and counts it, nothing more — so the server costs both compared paths the same and does not share their core.
 * IPC: sends `{ port }` once listening; answers `'count'` with `{ count, bytes }`; exits on `'stop'`.
 */
import { SMTPServer } from 'smtp-server';

let count = 0;
let bytes = 0;
const server = new SMTPServer({
  logger: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  size: 25 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (m) => {
  if (m === 'count') process.send?.({ count, bytes });
  if (m === 'stop') server.close(() => process.exit(0));
});
