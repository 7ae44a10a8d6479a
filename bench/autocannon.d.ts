// autocannon ships no types; only what the benches call is declared.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    method?: string;
    body?: string;
    /** Request templates, cycled; `setupRequest` may rewrite each one before it is sent. */
    requests?: Array<{
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: {
        method?: string;
        path?: string;
        headers?: Record<string, string>;
        body?: string;
      }) => { method?: string; path?: string; headers?: Record<string, string>; body?: string };
    }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
