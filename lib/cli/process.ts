/** Process-wide handlers for the `touchstone` command: every failure becomes one line and an exit status. */
export function guardProcess(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // The reader went away (`touchstone analyze … | head`): stop quietly, as other tools do.
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`error: cannot write the output: ${error.message}\n`);
    process.exit(74);
  });
  process.on('uncaughtException', (error) => {
    if (process.env.TOUCHSTONE_DEBUG) process.stderr.write(`${error.stack ?? error.message}\n`);
    process.stderr.write(`error: internal error: ${error.message} (set TOUCHSTONE_DEBUG=1 for details)\n`);
    process.exit(70);
  });
}
