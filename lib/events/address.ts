/**
 * An address as mail programs and CRMs export it: bare (`ann@example.com`), or with the name that goes
 * with it (`Ann Lee <ann@example.com>`, `"Stone, Bob" <bob@example.com>`, `<eve@example.com>`). The
 * address inside the brackets is what is checked, staged and delivered; the value as written stays
 * the row's, for the review and the rejected-rows file.
 */

/** A name before the brackets: quoted (with `\"` inside), or plain without quotes or brackets. */
const WITH_NAME = /^(?:"(?:[^"\\]|\\.)*"|[^"<>]*?)\s*<([^<>]*)>$/;

export type AddressRead = { address: string } | { message: string };

/** The address a trimmed value names, or why its brackets are not an address with a name. */
export function readAddress(value: string): AddressRead {
  // Most values have no brackets at all: one scan settles it.
  if (value.indexOf("<") === -1 && value.indexOf(">") === -1) return { address: value };
  const match = WITH_NAME.exec(value);
  if (match) {
    const address = match[1].trim();
    return address === "" ? { message: `\`${value}\` has no address between the < and the >.` } : { address };
  }
  const open = value.indexOf("<");
  const close = value.lastIndexOf(">");
  if (open !== -1 && close < open) return { message: `\`${value}\` is not an email address: it has a < without the > that closes it.` };
  if (open === -1) return { message: `\`${value}\` is not an email address: it has a > without the < that opens it.` };
  if (close !== value.length - 1) {
    return { message: `\`${value}\` is not an email address: text follows the >; write it as Name <name@example.com>.` };
  }
  return {
    message: `\`${value}\` is not an email address: what comes before the < is not a name (a name with quotes or brackets in it is written in double quotes).`,
  };
}

/** The address a value names, or the trimmed value itself when it is none: for the pieces that only look at a valid row. */
export function addressOf(raw: string): string {
  const value = raw.trim();
  const read = readAddress(value);
  return "address" in read ? read.address : value;
}
