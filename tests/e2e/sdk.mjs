// The official Anthropic SDK, unchanged but for its base URL and key, through Sluice's proxy.
// Sends SLUICE_REQUESTS requests at once (half of them streamed), each for its own end user,
// and prints one JSON summary line. Exits 0 only if every request succeeded.
// SLUICE_PROXY_URL and SLUICE_CLIENT_KEY may list several replicas, comma-separated, in the
// same order: request i goes to replica i mod n.
import Anthropic from '@anthropic-ai/sdk';

const baseURLs = process.env.SLUICE_PROXY_URL.split(',');  // http://127.0.0.1:PORT/proxy/anthropic
const apiKeys = process.env.SLUICE_CLIENT_KEY.split(',');  // Sluice client keys, not the upstream's
const count = Number(process.env.SLUICE_REQUESTS ?? 50);
const expectedText = process.env.SLUICE_EXPECTED_TEXT;

// No SDK retries: every request must succeed on its first try through the proxy.
const clients = baseURLs.map(
  (baseURL, n) => new Anthropic({ baseURL, apiKey: apiKeys[n % apiKeys.length], maxRetries: 0 }));

async function one(i) {
  const client = clients[i % clients.length];
  const params = {
    model: 'claude-test',
    max_tokens: 64,
    messages: [{ role: 'user', content: `Request ${i}: say hello.` }],
  };
  const options = { headers: { 'X-Sluice-User': `user-${i}` } };
  const message = i % 2 === 0
    ? await client.messages.create(params, options)
    : await client.messages.stream(params, options).finalMessage();
  const text = message.content.map((block) => block.text).join('');
  if (expectedText && text !== expectedText)
    throw new Error(`request ${i}: unexpected text ${JSON.stringify(text)}`);
  if (!(message.usage.input_tokens > 0 && message.usage.output_tokens > 0))
    throw new Error(`request ${i}: no usage ${JSON.stringify(message.usage)}`);
  return message.usage.output_tokens;
}

const started = Date.now();
const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => one(i)));
const failures = results
  .map((result, i) => (result.status === 'rejected' ? `${i}: ${result.reason}` : null))
  .filter(Boolean);
console.log(JSON.stringify({
  requests: count,
  succeeded: count - failures.length,
  outputTokens: results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value : 0), 0),
  wallMs: Date.now() - started,
  failures: failures.slice(0, 10),
}));
process.exit(failures.length === 0 ? 0 : 1);
