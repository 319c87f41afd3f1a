import { z } from "./zod";
import { timeRangeSchema } from "@/lib/events/time-range";

/** What a person confirms before a deletion: the range in words and, where known, how many events. */
export type DeletePreview = { summary: string; confirmLabel: string; expected: number | null };

/** A range as the form sends it: `datetime-local` values, read as UTC. */
export type RangeInput = z.input<typeof timeRangeSchema>;

/** A deletion that names how many events it was shown, so that it deletes nothing it did not show. */
export const confirmedRangeSchema = timeRangeSchema.safeExtend({ expected: z.number().int().min(1) });
export type ConfirmedRangeInput = z.input<typeof confirmedRangeSchema>;
