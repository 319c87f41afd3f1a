import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { startSmtpCatcher } from "./smtp-catcher";

/**
 * The SMTP catcher as a process of its own, for browser tests: the app sends to it over SMTP, and
 * tests read what arrived at GET /messages (JSON). Both listen on 127.0.0.1 only.
 */
const { values } = parseArgs({ options: { smtp: { type: "string" }, http: { type: "string" } } });
startSmtpCatcher(Number(values.smtp)).then((smtp) => serveInbox(smtp.messages));

function serveInbox(messages: Awaited<ReturnType<typeof startSmtpCatcher>>["messages"]): void {
  createServer((request, response) => {
  if (request.url === "/messages") {
    const body = messages.map((mail) => ({
      to: mail.to && "text" in mail.to ? mail.to.text : "",
      subject: mail.subject ?? "",
      text: mail.text ?? "",
      html: typeof mail.html === "string" ? mail.html : "",
      attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content.toString("utf8") })),
    }));
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    return;
  }
  response.writeHead(request.url === "/health" ? 200 : 404).end("ok");
  }).listen(Number(values.http), "127.0.0.1");
}
