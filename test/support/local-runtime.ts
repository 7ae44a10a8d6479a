import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts the local runtime (`npm start`'s `lib/local/main.ts`) in its own
 * process with `env` on top of this one's. Everything it prints goes to
 * `sink`; `ready` settles once it says it is running, or rejects with what it
 * printed if it exits first.
 */
export function startLocalRuntime(
  args: readonly string[],
  env: Record<string, string | undefined>,
  sink: (text: string) => void,
): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    sink(text);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Touchstone is running on')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited: ${output}`));
      }
    }, 100);
  });
  return { child, ready };
}
