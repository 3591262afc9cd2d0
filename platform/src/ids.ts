import { randomBytes, randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** Random bytes drawn 4 KiB at a time: one `randomFillSync` per id costs more than the rest of the id. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

/**
 * A UUIDv7 string: 48 bits of milliseconds, then random bits, so ids sort by creation time and index well.
 * Within one millisecond a 12-bit counter keeps them increasing. `uuidv7()` → `0192f3c1-…`
 */
export function uuidv7(now: number = Date.now()): string {
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = random(2).readUInt16BE(0) & 0x7ff;
  }
  const b = random(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random URL-safe secret for session and API tokens. */
export function secretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
