/**
 * `npm run bench:load`: the local server (bench/load-server.ts: what `npm start`
 * serves, in its own process) under autocannon on loopback, bounded in
 * connections and time: the badge route, a read-heavy API route (a brand's
 * reviews with a key) and a write route (a signed webhook push, one new review
 * per request), each in rounds alternating with `/health` in the same run, so
 * the machine's state falls on both alike. Prints requests/s, p50/p99 and
 * errors, and the badge's target (0 errors, throughput ≥ 80 % of /health's,
 * p99 ≤ 1.5 × /health's) as met or missed.
 *
 * LOAD_CONNECTIONS (100), LOAD_SECONDS (30), LOAD_ROUNDS (2) bound it. A benchmark,
 * not a test: `npm test` runs `runLoad` reduced (test/load/load.test.ts) and
 * asserts only 0 errors and some throughput.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { signWebhook } from '#lib/domain/webhook-signature.ts';

export interface LoadOptions {
  connections: number;
  seconds: number;
  rounds: number;
  /** Extra environment for the server process (e.g. DYNAMODB_ENDPOINT and its key). */
  env?: Record<string, string>;
  print?: (line: string) => void;
}

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Socket errors + timeouts + non-2xx answers. */
  errors: number;
  /** The same, each kind apart. */
  breakdown: { errors: number; timeouts: number; non2xx: number };
  requests: number;
}

export interface TargetResult {
  name: string;
  target: Figures;
  health: Figures;
}

type Run = Awaited<ReturnType<typeof autocannon>>;

const figures = (runs: Run[]): Figures => ({
  requestsPerSecond: runs.reduce((t, r) => t + r.requests.average, 0) / runs.length,
  p50: runs.reduce((t, r) => t + r.latency.p50, 0) / runs.length,
  p99: runs.reduce((t, r) => t + r.latency.p99, 0) / runs.length,
  errors: runs.reduce((t, r) => t + r.errors + r.timeouts + r.non2xx, 0),
  breakdown: {
    errors: runs.reduce((t, r) => t + r.errors, 0),
    timeouts: runs.reduce((t, r) => t + r.timeouts, 0),
    non2xx: runs.reduce((t, r) => t + r.non2xx, 0),
  },
  requests: runs.reduce((t, r) => t + r.requests.total, 0),
});

const int = (x: number) => Math.round(x).toLocaleString('en');
const show = (f: Figures) =>
  `${int(f.requestsPerSecond)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${f.errors} errors (${f.breakdown.errors} socket, ${f.breakdown.timeouts} timeouts, ${f.breakdown.non2xx} non-2xx), ${int(f.requests)} requests`;

/** Starts the load server, measures every route against /health, stops the server. */
export async function runLoad(options: LoadOptions): Promise<TargetResult[]> {
  const print = options.print ?? ((line: string) => console.log(line));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-server.ts'], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the load server exited with ${code}`)));
    });
    const server = JSON.parse(first) as {
      base: string;
      key: string;
      secret: string;
      publicId: string;
      brandId: string;
      sourceId: string;
    };
    let pushed = 0;
    const targets: Array<{ name: string; options: Parameters<typeof autocannon>[0] }> = [
      {
        name: `GET /v1/badges/${server.publicId}.svg (badge)`,
        options: { url: `${server.base}/v1/badges/${server.publicId}.svg` },
      },
      {
        name: `GET /v1/brands/${server.brandId}/reviews?limit=20 (read, keyed)`,
        options: {
          url: `${server.base}/v1/brands/${server.brandId}/reviews?limit=20`,
          headers: { authorization: `Bearer ${server.key}` },
        },
      },
      {
        name: `POST /v1/push/${server.publicId}/${server.sourceId} (signed webhook, a new review each)`,
        options: {
          url: server.base,
          requests: [
            {
              method: 'POST',
              path: `/v1/push/${server.publicId}/${server.sourceId}`,
              setupRequest: (request) => {
                const n = pushed++;
                const body = JSON.stringify({
                  items: [
                    {
                      externalId: `load-${process.pid}-${n}`,
                      text: `Load review ${n}: quick and fine.`,
                      rating: 1 + (n % 5),
                      publishedAt: new Date().toISOString(),
                    },
                  ],
                });
                return {
                  ...request,
                  headers: {
                    'content-type': 'application/json',
                    'x-touchstone-signature': signWebhook(server.secret, Math.floor(Date.now() / 1000), body),
                  },
                  body,
                };
              },
            },
          ],
        },
      },
    ];
    const run = (o: Parameters<typeof autocannon>[0], seconds: number) =>
      autocannon({ ...o, connections: options.connections, duration: seconds });
    const health = { url: `${server.base}/health` };
    print(
      `Load on ${server.base} (loopback): ${options.connections} connections × ${options.seconds} s per run, ${options.rounds} round(s) per route, each next to /health`,
    );
    const results: TargetResult[] = [];
    for (const target of targets) {
      // Warm-up, not counted.
      await run(health, 1);
      await run(target.options, 1);
      const healthRuns: Run[] = [];
      const targetRuns: Run[] = [];
      for (let round = 0; round < options.rounds; round++) {
        healthRuns.push(await run(health, options.seconds));
        targetRuns.push(await run(target.options, options.seconds));
      }
      const result = { name: target.name, target: figures(targetRuns), health: figures(healthRuns) };
      results.push(result);
      print(`  ${result.name}: ${show(result.target)}`);
      print(`    /health, same rounds: ${show(result.health)}`);
      print(
        `    vs /health: throughput ${((result.target.requestsPerSecond / result.health.requestsPerSecond) * 100).toFixed(0)} %, p99 ${(result.target.p99 / result.health.p99).toFixed(2)}×`,
      );
    }
    const badge = results[0];
    if (badge !== undefined) {
      const share = badge.target.requestsPerSecond / badge.health.requestsPerSecond;
      const p99 = badge.target.p99 / badge.health.p99;
      const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
      print('Badge target');
      print(`  0 errors: ${badge.target.errors} → ${verdict(badge.target.errors === 0)}`);
      print(`  throughput ≥ 80 % of /health: ${(share * 100).toFixed(0)} % → ${verdict(share >= 0.8)}`);
      print(`  p99 ≤ 1.5 × /health's: ${p99.toFixed(2)}× → ${verdict(p99 <= 1.5)}`);
    }
    return results;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bounded = (name: string, fallback: number, max: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > max)
      throw new Error(`${name} must be an integer from 1 to ${max}`);
    return value;
  };
  await runLoad({
    connections: bounded('LOAD_CONNECTIONS', 100, 100),
    seconds: bounded('LOAD_SECONDS', 30, 30),
    rounds: bounded('LOAD_ROUNDS', 2, 5),
  });
}
