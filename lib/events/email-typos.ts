import emailSpellChecker from "@zootools/email-spell-checker";

/** A likely misspelt domain, and the one the address probably meant. */
export type DomainTypo = { domain: string; suggestion: string };

const MAX_CACHED_DOMAINS = 100_000;
const cache = new Map<string, string | null>();
/** The last address's "@" and domain as written (no other "@" comes after it), and what they gave. */
let last: { suffix: string; typo: DomainTypo | null } = { suffix: "", typo: null };

/** The domain of an address, lower-cased, or null when it has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at < 0 ? null : email.slice(at + 1).trim().toLowerCase() || null;
}

/**
 * The domain an address probably meant, when its own looks like a misspelling of a common one
 * (gmial.com → gmail.com), from @zootools/email-spell-checker. Asked once per domain: a million rows
 * hold a few thousand domains.
 */
export function domainTypo(email: string): DomainTypo | null {
  // Rows in a file often share their domain with the row before: the same "@domain" as written gives
  // the same answer, without cutting the domain out again.
  if (last.suffix !== "" && email.endsWith(last.suffix)) return last.typo;
  const domain = emailDomain(email);
  let typo: DomainTypo | null = null;
  if (domain) {
    let suggestion = cache.get(domain);
    if (suggestion === undefined) {
      const found = emailSpellChecker.run({ email: `x@${domain}` });
      suggestion = found && found.domain.toLowerCase() !== domain ? found.domain.toLowerCase() : null;
      if (cache.size >= MAX_CACHED_DOMAINS) cache.clear();
      cache.set(domain, suggestion);
    }
    typo = suggestion ? { domain, suggestion } : null;
  }
  const at = email.lastIndexOf("@");
  last = { suffix: at < 0 ? "" : email.slice(at), typo };
  return typo;
}

/** The warning a row with a likely misspelt domain gets; it never stops the row. */
export function typoMessage(email: string, typo: DomainTypo): string {
  const at = email.lastIndexOf("@");
  return `Did you mean \`${email.slice(0, at + 1).trim()}${typo.suggestion}\`? \`${typo.domain}\` looks like a misspelling.`;
}
