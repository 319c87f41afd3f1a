import { createServer, request as forward } from "node:http";
import { parseArgs } from "node:util";
import { startWebhookContract } from "./webhook-contract";

/**
 * The webhook contract server as a process of its own on a fixed port, answering every batch after a
 * pause: a slow receiver, so that a browser test can act on an import while it is being delivered.
 * GET /received says how many batches arrived and what broke the contract.
 */
const { values } = parseArgs({ options: { port: { type: "string" }, secret: { type: "string" }, "answer-ms": { type: "string" } } });
if (!values.port || !values.secret) {
  console.error("Usage: tsx lib/testing/slow-webhook-process.ts --port PORT --secret SECRET [--answer-ms MS]");
  process.exit(2);
}
const answerMs = Number(values["answer-ms"] ?? 1000);

startWebhookContract(values.secret).then((contract) => {
  for (let i = 0; i < 100_000; i++) contract.script.push({ status: 200, hangMs: answerMs });
  const target = new URL(contract.url);
  createServer((request, response) => {
    if (request.method === "GET" && request.url === "/received") {
      response.writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ batches: contract.deliveries.size, violations: contract.violations }));
      return;
    }
    const upstream = forward({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  }).listen(Number(values.port), "127.0.0.1", () => console.log(`slow webhook receiver at http://127.0.0.1:${values.port}/hooks/backfill`));
});
