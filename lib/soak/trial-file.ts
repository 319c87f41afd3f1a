import { writeFileSync } from "node:fs";
import { join } from "node:path";

export type TrialFile = { path: string; name: string; total: number; invalid: number; duplicates: number };

/**
 * A trial's file: `rows` events whose addresses carry the trial's tag; every 97th row's address
 * is not one (rejected), and every 50th row repeats the row before it (a duplicate).
 */
export function writeTrialFile(dir: string, tag: string, rows: number): TrialFile {
  const lines = ["email,event_name,time,plan"];
  let invalid = 0;
  let duplicates = 0;
  let previous = "";
  let previousValid = false;
  for (let i = 0; i < rows; i++) {
    let line: string;
    if (i % 50 === 49 && previousValid) {
      line = previous;
      duplicates++;
    } else if (i % 97 === 5) {
      line = `broken-${tag}-${i},visit,${1_600_000_000 + i},basic`;
      invalid++;
    } else {
      line = `u${i}.${tag}@example.com,visit,${1_600_000_000 + i},${i % 3 === 0 ? "pro" : "basic"}`;
    }
    previousValid = !line.startsWith("broken");
    previous = line;
    lines.push(line);
  }
  const name = `soak-${tag}.csv`;
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return { path, name, total: rows, invalid, duplicates };
}
