/**
 * A progress bar for long builds: done/total, rate, time left. Drawn on
 * stderr only when it is a terminal and not under CI; silent otherwise.
 */
export class Progress {
  private done_ = 0;
  private readonly start = Date.now();
  private lastDraw = 0;
  private readonly active: boolean;

  constructor(
    private readonly total: number,
    wanted: boolean,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.active = wanted && total > 1 && !!stream.isTTY && !process.env.CI;
  }

  tick(n = 1): void {
    this.done_ += n;
    if (!this.active) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && this.done_ < this.total) return;
    this.lastDraw = now;
    this.stream.write(`\r${formatProgress(this.done_, this.total, (now - this.start) / 1000, this.unit)}`);
  }

  done(): void {
    if (this.active && this.total > 0) this.stream.write('\n');
  }
}

/** "[#######.............] 350/1000 units  87.5/s  7s left" */
export function formatProgress(done: number, total: number, elapsedSeconds: number, unit: string, width = 24): string {
  const frac = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(frac * width);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const left = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}  ${rate.toFixed(1)}/s  ${left === undefined ? '?' : `${left}s`} left`;
}
