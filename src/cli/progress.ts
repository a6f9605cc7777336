import cliProgress from "cli-progress";

/** A progress bar on stderr when it is a terminal; a line every few seconds otherwise. */
export function progressBar(total: number, quiet: boolean) {
  let done = 0;
  let errors = 0;
  if (quiet || total === 0) return { tick: (_failed: boolean) => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: " {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | errors {errors}",
        hideCursor: true,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { errors: 0 });
    return {
      tick: (failed: boolean) => bar.increment(1, { errors: (errors += failed ? 1 : 0) }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    tick: (failed: boolean) => {
      done++;
      if (failed) errors++;
      if (Date.now() - last > 5000 || done === total) {
        last = Date.now();
        process.stderr.write(`progress: ${done}/${total} (${errors} errors)\n`);
      }
    },
    stop: () => {},
  };
}
