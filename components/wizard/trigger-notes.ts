/**
 * What Trigger campaigns means for a destination whose platform decides it alone: Backfill can neither
 * keep past events passive there nor make them start anything, so the options step says so.
 */
export const TRIGGER_NOTES: Record<string, string> = {
  segment:
    "Segment passes every event on to the destinations connected to its source, whatever this box says: whether those start campaigns from past events is set in each of them. Each event carries its own time.",
  mixpanel: "Mixpanel keeps events for analysis and starts no campaigns from them: this box changes nothing for Mixpanel.",
};
