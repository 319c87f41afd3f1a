/** What the platform itself must be set to before an import, as its documentation asks: otherwise events are refused or lost there. */
const PREREQUISITES: Record<string, string[]> = {
  yespo: [
    "Event segmentation is enabled in Yespo for the event types you import, or segments will not see them.",
    "Contacts are imported into Yespo before their events: Yespo assigns a past event only to a contact that exists, by the email it carries. The Options step's \"Create or update the contacts of these events first\" (backfill import --contacts-first) does it: every address of the file goes to Yespo's contacts API (3,000 a request, deduplicated on email), the events follow once Yespo has finished, and the rows of an address Yespo refuses as a contact are rejected with Yespo's reason.",
    "YESPO_TIME_ZONE is the time zone of the Yespo user whose API key Backfill uses (Yespo reads event times on that user's clocks): it is set in that user's My profile in Yespo, not the account's Settings (docs.yespo.io, User/Account Time Zone Settings).",
  ],
  customerio: [
    "Email is enabled as an identifier in the Customer.io workspace (Workspace settings › identifiers), or every event is refused.",
    "Columns named recipient, from_address or reply_to change where the emails an event triggers go: they are left out unless chosen in the mapping step.",
  ],
  klaviyo: [
    "KLAVIYO_API_KEY is a private API key with the events:write scope, and accounts:read for the connection test on this page.",
    "Each event name becomes a metric in Klaviyo, and an email it does not know becomes a new profile; the other columns become the event's properties.",
    "Events carry Klaviyo's backfill flag and start no flow, but those of the trigger window when Trigger campaigns is ticked: they start the live flows triggered by their metric.",
    "Klaviyo answers a Bulk Create Events job with an acceptance and offers no way to read its outcome back: an event counts as delivered once its job is accepted, and what Klaviyo refuses in its answer becomes a rejected row with its words.",
  ],
  segment: [
    "SEGMENT_WRITE_KEY is the write key of an HTTP API source (Sources › the source › Settings › API Keys). Segment answers every request with 200, so a wrong key or region loses events silently: after a first small import, check that they reach the source's debugger.",
    "An EU workspace's source takes events at https://events.eu1.segmentapis.com: set SEGMENT_BASE_URL to it (events sent to api.segment.io never appear there). For RudderStack or Jitsu, SEGMENT_BASE_URL is their data plane's address.",
    "Segment passes each event on to every destination connected to the source: those decide whether past events start campaigns.",
  ],
  mixpanel: [
    "MIXPANEL_PROJECT_TOKEN is the project's token (Project Settings › Access Keys); Backfill sends it as /import's Basic user name, no service account needed.",
    "A project in the EU data residency takes events at https://api-eu.mixpanel.com (India: https://api-in.mixpanel.com): set MIXPANEL_BASE_URL to it.",
    "Mixpanel matches events to users by distinct_id, which Backfill sets to the email: profiles identified otherwise will not see these events.",
  ],
};

export function DestinationPrerequisites({ destination }: { destination: string }) {
  const items = PREREQUISITES[destination];
  if (!items) return null;
  return (
    <div className="space-y-1 text-sm text-slate-700" data-testid="destination-prerequisites">
      <p className="font-medium">Before importing</p>
      <ul className="list-disc space-y-1 pl-5">
        {items.map((item) => <li key={item}>{item}</li>)}
      </ul>
    </div>
  );
}
