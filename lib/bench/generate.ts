import { createWriteStream } from "node:fs";
import { once } from "node:events";

const EVENTS = ["purchase", "signup", "page_view", "cart_add", "newsletter_open"];
const CITIES = ["Berlin", "Lisbon", "Kyiv", "Austin", "Osaka", "Lagos"];

/**
 * Writes `rows` events (`email,event_name,time,amount,city`), about 60 bytes a row, with times spread
 * over the last three years. Deterministic, so runs compare.
 */
export async function writeEventsFile(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const start = Date.parse("2023-01-01T00:00:00Z");
  let chunk = "email,event_name,time,amount,city\n";
  for (let i = 0; i < rows; i++) {
    const time = new Date(start + ((i * 7919) % 94_000_000) * 1000).toISOString().slice(0, 19).replace("T", " ");
    chunk += `user${i % 250_000}@example.com,${EVENTS[i % 5]},${time},${(i % 997) / 10},${CITIES[i % 6]}\n`;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await once(out, "finish");
  return bytes;
}
