// Measures the peers named in the engine issue on this machine, in the same run as Sluice's
// engine benchmark (see ../run-engine-vs-peers.sh). Prints one JSON object.
//  - rate-limiter-flexible: RateLimiterMemory.consume() over 100,000 keys (a counter per key;
//    no queue, no concurrency limit);
//  - p-queue: 20,000 jobs scheduled with 4 priorities and run with concurrency 64 (its
//    priority insert is linear, so larger batches are slower per job).
import { RateLimiterMemory } from 'rate-limiter-flexible';
import PQueue from 'p-queue';

const users = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

async function rateLimiterFlexible(n) {
    const limiter = new RateLimiterMemory({ points: 1e9, duration: 60 });
    const start = process.hrtime.bigint();
    // In batches of 1000 concurrent consumes: its fastest way of being driven.
    for (let i = 0; i < n; i += 1000) {
        const batch = [];
        for (let j = i; j < i + 1000; j++)
            batch.push(limiter.consume(users[j % users.length]));
        await Promise.all(batch);
    }
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function pQueue(n) {
    const queue = new PQueue({ concurrency: 64 });
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++)
        queue.add(async () => {}, { priority: i % 4 });
    await queue.onIdle();
    return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const result = {
    rate_limiter_flexible_consumes_per_s: Math.round(await rateLimiterFlexible(2_000_000)),
    p_queue_jobs_per_s: Math.round(await pQueue(20_000)),
};
console.log(JSON.stringify(result));
