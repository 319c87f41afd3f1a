import { execFile } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** The halves of React's transport that Next.js runs: the browser encodes, the server decodes. */
const CLIENT = "next/dist/compiled/react-server-dom-webpack/client.node";
const SERVER = require.resolve("next/dist/compiled/react-server-dom-webpack/server.node");

/**
 * Decodes the body as a server action's arguments and prints them as JSON. JSON.parse keeps a key
 * "__proto__" as an own property, so what the decoder kept comes back as it left it, and what it
 * dropped stays dropped.
 */
const DECODE = `
const { decodeReply } = require(process.argv[1]);
let body = "";
process.stdin.setEncoding("utf8").on("data", (chunk) => (body += chunk)).on("end", async () => {
  process.stdout.write(JSON.stringify(await decodeReply(body, {})));
});`;

/**
 * A server action's arguments as its work receives them: encoded by React's client (encodeReply, as
 * the browser does before posting) and decoded by React's server (decodeReply, as Next.js does).
 * The decoder runs in a process of its own, since React loads its server half only under the
 * "react-server" condition, which a test's process lacks.
 */
export async function throughActionTransport(args: unknown[]): Promise<unknown[]> {
  const { encodeReply } = require(CLIENT) as { encodeReply: (value: unknown) => Promise<string | FormData> };
  const body = await encodeReply(args);
  if (typeof body !== "string") throw new Error("These arguments encode as a form, which this helper does not decode.");
  const decoded = await new Promise<string>((resolve, reject) => {
    const child = execFile(process.execPath, ["--conditions=react-server", "-e", DECODE, SERVER], { maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`React's decoder failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(body);
  });
  return JSON.parse(decoded) as unknown[];
}
