// Reads the first line of a rollout (its session_meta), which an appended read does not reach.
import fs from 'node:fs/promises';

// 0.169+ puts the ~20 KB system prompt into session_meta; past this the head is not worth reading.
const MAX_HEAD_BYTES = 4 * 1024 * 1024;

/** The first line parsed as JSON, or undefined when it is missing, too long or not JSON. */
export async function readHeadLine(file: string): Promise<unknown> {
  const fh = await fs.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let pos = 0;
    while (pos < MAX_HEAD_BYTES) {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (nl >= 0) {
        chunks.push(buf.subarray(0, nl));
        break;
      }
      chunks.push(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      return undefined; // a bad first line is reported by the line reader; the file name gives the id
    }
  } finally {
    await fh.close();
  }
}
