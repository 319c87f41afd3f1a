import { expect, type Page, type Route } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inboxURL } from "../playwright.config";

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

type FileInput = string | { name: string; mimeType: string; buffer: Buffer };

/**
 * A fixture whose addresses carry `+tag` (ann@example.com becomes ann+tag@example.com): its events
 * are the spec's own, so another spec's delivery of the fixture never makes them "already delivered",
 * and its name (vero-example-tag.csv) is its own, so its report email is not taken for another's.
 */
export function ownCopy(name: string, tag: string): { name: string; mimeType: string; buffer: Buffer } {
  const text = readFileSync(fixture(name), "utf8").replace(/([\w.-]+)@example\.com/g, `$1+${tag}@example.com`);
  return { name: name.replace(/(\.csv)?$/, `-${tag}.csv`), mimeType: "text/csv", buffer: Buffer.from(text, "utf8") };
}

/** Opens the wizard and chooses a file: it ends on the mapping step. */
export async function chooseFile(page: Page, file: FileInput): Promise<void> {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles(file);
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible({ timeout: 30_000 });
}

/** From the mapping step to the review step, then to the options. */
export async function continueTo(page: Page, step: "review" | "options"): Promise<void> {
  if (step === "review") {
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: /^3\. Review/ })).toBeVisible();
    return;
  }
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "4. Options" })).toBeVisible();
}

/**
 * The file's valid events, whatever earlier tests delivered of them: "Will be sent" and "Already
 * delivered" together, which change together when the ledger answers.
 */
export async function expectNewOrDelivered(page: Page, events: number): Promise<void> {
  const count = async (id: string) => Number(((await page.getByTestId(id).textContent({ timeout: 1_000 }).catch(() => "0")) ?? "0").replace(/,/g, ""));
  await expect(async () => expect((await count("count-send")) + (await count("count-delivered"))).toBe(events)).toPass({ timeout: 15_000 });
}

/** A report email as the test SMTP server received it. */
export type Mail = { to: string; subject: string; text: string; html: string; attachments: { filename: string; content: string }[] };

/** Waits for the report email whose subject starts so, as the app sent it over SMTP. */
export async function waitForMail(subjectStart: string): Promise<Mail> {
  let mail: Mail | undefined;
  await expect(async () => {
    const messages = (await (await fetch(`${inboxURL}/messages`)).json()) as Mail[];
    mail = messages.find((message) => message.subject.startsWith(subjectStart));
    expect(mail).toBeDefined();
  }).toPass({ timeout: 30_000 });
  return mail!;
}

/**
 * Holds the wizard's stageRows call number `seq` on its way to the server until `release` is
 * called (never, to make it the call that did not arrive); `held` settles once it is held.
 */
export async function holdStagingCall(page: Page, seq: number): Promise<{ held: Promise<void>; release: () => void }> {
  let release = () => {};
  let reached = () => {};
  const held = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/imports/new", async (route: Route) => {
    if (route.request().method() === "POST" && (route.request().postData() ?? "").includes(`"seq":${seq}`)) {
      reached();
      await released;
    }
    await route.continue().catch(() => {});
  });
  return { held, release };
}

