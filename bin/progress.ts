// A one-line progress display on a terminal's stderr, shown only once a run has taken a while.
import type { WriteStream } from 'node:tty';

export function progressBar(out: WriteStream, delayMs = 1000) {
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update: (done: number, total: number) => {
      const now = Date.now();
      if (now - started < delayMs || now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`);
    },
    done: () => {
      if (shown) out.write('\r\x1b[K');
    },
  };
}
