import { fileSource } from "@/lib/cli/file-source";
import { readEventsFile } from "@/lib/csv/read-events-file";
const source = await fileSource(process.argv[2]);
const c = process.cpuUsage();
await readEventsFile(source, { timeZone: "UTC", nowMs: Date.now() });
const u = process.cpuUsage(c); console.log("cpu", (u.user + u.system) / 1e6);
